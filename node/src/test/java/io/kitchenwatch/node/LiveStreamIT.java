package io.kitchenwatch.node;

import io.kitchenwatch.node.fixtures.NodeLogins;
import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.fixtures.NodeMetrics;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live stream carries only in-scope events, narrows to channels and a site on request, and a closed stream lets go of its consumers. */
class LiveStreamIT {
    private static Node start() throws Exception {
        return Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0", "mqtt-tls-port", "0",
                "mqtt-bind", "127.0.0.1", "data-dir", Files.createTempDirectory("kw-live-").toString(),
                "analytics-lateness-seconds", "0"), Map.of()), false);
    }

    /** Collects the stream's lines on a thread of its own until the test closes the stream. */
    private static Thread readInBackground(HttpResponse<Stream<String>> stream, List<String> lines) {
        Thread reader = new Thread(() -> {
            try {
                stream.body().forEach(lines::add);
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        });
        reader.start();
        return reader;
    }

    @Test
    void aBrowserThatStopsReadingIsSkippedAndHoldsNothingBack() throws Exception {
        try (Node node = start()) {
            String base = "http://127.0.0.1:" + node.httpPort();
            String token = node.tokens().issue(new Caller("inspector", Role.REGULATOR, "tiantai"), Duration.ofHours(1));
            HttpClient http = HttpClient.newHttpClient();
            // a client that asks for the stream and then never reads: a tiny receive window, so the server's queue fills
            try (java.net.Socket stuck = new java.net.Socket()) {
                stuck.setReceiveBufferSize(2048);
                stuck.connect(new java.net.InetSocketAddress("127.0.0.1", node.httpPort()));
                stuck.getOutputStream().write(("GET /api/v1/live?channels=telemetry&access_token=" + token
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                HttpResponse<Stream<String>> healthy = http.send(HttpRequest.newBuilder(URI.create(
                        base + "/api/v1/live?channels=telemetry&access_token=" + token)).build(), HttpResponse.BodyHandlers.ofLines());
                List<String> lines = new CopyOnWriteArrayList<>();
                Thread reader = readInBackground(healthy, lines);
                await(Duration.ofSeconds(10), () -> NodeMetrics.value(http, base, "kw_live_streams"), n -> n == 2.0);

                // about 8 MB of events, more than loopback's socket buffers hold
                String wide = java.util.stream.IntStream.range(0, 60).mapToObj(i -> "\"f" + i + "\":" + i + ".125")
                        .collect(java.util.stream.Collectors.joining(","));
                int messages = 10_000;
                double storedBefore = NodeMetrics.value(http, base, "kw_messages_stored_total");
                try (TestDevice device = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "live-load"), "test")) {
                    for (int i = 0; i < messages; i++) {
                        double temp = i == messages - 1 ? 99.5 : 20 + i % 10;
                        device.publish("kw/sch-01/sch-01-cab-1/telemetry", "{\"seq\":" + i + ",\"values\":{" + wide + ",\"temp_c\":" + temp + "}}");
                    }
                }
                // intake went on at full speed: everything stored, the reading client saw the last one, the stuck one was skipped
                await(Duration.ofSeconds(120), () -> NodeMetrics.value(http, base, "kw_messages_stored_total"), n -> n >= storedBefore + messages);
                await(Duration.ofSeconds(20), () -> lines, l -> l.stream().anyMatch(x -> x.contains("\"temp_c\":99.5")));
                assertTrue(NodeMetrics.value(http, base, "kw_live_skipped_total") > 0, "the stuck client was never skipped");
                healthy.body().close();
                reader.join(5_000);
            }
        }
    }

    @Test
    void aStreamEndsWhenItsTokenExpires() throws Exception {
        try (Node node = start()) {
            String base = "http://127.0.0.1:" + node.httpPort();
            String shortLived = node.tokens().issue(new Caller("inspector", Role.REGULATOR, "tiantai"), Duration.ofSeconds(2));
            HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    base + "/api/v1/live?access_token=" + shortLived)).build(), HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, stream.statusCode());
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = readInBackground(stream, lines);
            reader.join(15_000);
            assertTrue(!reader.isAlive(), "the stream outlived its token");
            assertEquals(401, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/live?access_token=" + shortLived))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    @Test
    void aWallScreenAsksForOneSitesAlertsOnly() throws Exception {
        try (Node node = start()) {
            String base = "http://127.0.0.1:" + node.httpPort();
            String regulator = node.tokens().issue(new Caller("inspector", Role.REGULATOR, "tiantai"), Duration.ofHours(1));
            String canteen = node.tokens().issue(new Caller("canteen01", Role.CANTEEN, "org-school-01"), Duration.ofHours(1));
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/live?channels=alert,gossip&access_token=" + regulator))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/live?site=sch-02&access_token=" + canteen))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(
                    base + "/api/v1/live?channels=alert&site=sch-01&access_token=" + regulator)).build(), HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, stream.statusCode());
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = readInBackground(stream, lines);
            try (TestDevice device = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "live-devices"), "test")) {
                device.publish("kw/sch-01/sch-01-cab-1/telemetry", "{\"values\":{\"temp_c\":61}}");
                device.publish("kw/sch-02/sch-02-cab-1/telemetry", "{\"values\":{\"temp_c\":61}}");
                device.publish("kw/sch-02/sch-02-cab-1/state", "{\"online\":false}");
                device.publish("kw/sch-01/sch-01-cab-1/state", "{\"online\":false}");
            }
            await(Duration.ofSeconds(20), () -> lines, l -> l.stream().anyMatch(x -> x.startsWith("event: alert")));
            // the sch-02 alert was raised first; give it time to arrive if it (wrongly) would
            Thread.sleep(1000);
            List<String> events = lines.stream().filter(l -> l.startsWith("event:")).toList();
            assertEquals(List.of("event: alert"), events.stream().distinct().toList(), "alerts only: " + lines);
            assertTrue(lines.stream().filter(l -> l.startsWith("data:")).allMatch(l -> l.contains("\"site\":\"sch-01\"")), "sch-01 only: " + lines);
            stream.body().close();
            reader.join(5_000);
        }
    }

    @Test
    void aProvinceWallScreenGetsDevicesTurningOnlineOrOfflineAndNoReadings() throws Exception {
        try (Node node = start()) {
            String base = "http://127.0.0.1:" + node.httpPort();
            String regulator = node.tokens().issue(new Caller("inspector", Role.REGULATOR, "tiantai-chicheng"), Duration.ofHours(1));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(
                    base + "/api/v1/live?channels=alert,status&access_token=" + regulator)).build(), HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, stream.statusCode());
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = readInBackground(stream, lines);
            try (TestDevice device = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "live-status"), "test")) {
                device.publish("kw/sch-01/sch-01-cab-1/telemetry", "{\"values\":{\"temp_c\":61}}");
                device.publish("kw/sch-01/sch-01-cab-1/telemetry", "{\"values\":{\"temp_c\":61}}");
                device.publish("kw/sch-02/sch-02-cab-1/telemetry", "{\"values\":{\"temp_c\":61}}");
            }
            await(Duration.ofSeconds(20), () -> lines, l -> l.stream().anyMatch(x -> x.startsWith("event: status")));
            Thread.sleep(1000); // time for what should not come
            assertEquals(List.of("event: status"), lines.stream().filter(l -> l.startsWith("event:")).toList(),
                    "one turn (online, on the first reading), no readings, nothing out of scope: " + lines);
            List<String> data = lines.stream().filter(l -> l.startsWith("data:")).toList();
            JsonObject turned = new JsonObject(data.get(0).substring(5).trim());
            assertEquals("sch-01-cab-1", turned.getString("device"));
            assertTrue(turned.getBoolean("online"));
            stream.body().close();
            reader.join(5_000);
        }
    }

    @Test
    void aCanteenSeesItsOwnKitchenLiveAndNothingElse() throws Exception {
        try (Node node = start()) {
            String base = "http://127.0.0.1:" + node.httpPort();
            String token = node.tokens().issue(new Caller("canteen01", Role.CANTEEN, "org-school-01"), Duration.ofHours(1));
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/live?access_token=forged")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            // as a browser's EventSource would ask: the token in the query, no header
            HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/live?access_token=" + token))
                    .build(), HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, stream.statusCode());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = readInBackground(stream, lines);
            try (TestDevice device = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "live-devices"), "test")) {
                for (int i = 0; i < 5; i++) {
                    device.publish("kw/dsp-01/dsp-01-cab-1/telemetry", "{\"values\":{\"temp_c\":" + (50 + i) + "}}");
                    device.publish("kw/sch-01/sch-01-cab-1/telemetry", "{\"values\":{\"temp_c\":" + (60 + i) + "}}");
                }
                device.publish("kw/dsp-01/dsp-01-cab-1/state", "{\"online\":false}");
                device.publish("kw/sch-01/sch-01-cab-1/state", "{\"online\":false}");
            }
            await(Duration.ofSeconds(20), () -> lines, l -> l.stream().filter(x -> x.startsWith("event: alert")).count() >= 1
                    && l.stream().filter(x -> x.contains("\"temp_c\":64")).count() >= 1);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("event: telemetry")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("event: alert")), lines.toString());
            assertTrue(lines.stream().filter(l -> l.startsWith("data:")).allMatch(l -> l.contains("\"site\":\"sch-01\"")),
                    "only sch-01 reaches this canteen: " + lines);

            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("kw_live_streams 1.0"), metrics);
            stream.body().close();
            String after = await(Duration.ofSeconds(10), () -> http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body(), m -> m.contains("kw_live_streams 0.0"));
            assertTrue(after.contains("kw_live_streams 0.0"), "the closed stream unregistered");
            reader.join(5_000);
        }
    }
}
