package io.kitchenwatch.node;

import io.kitchenwatch.node.fixtures.NodeLogins;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole walking skeleton through the launcher's Node: a Paho device publishes, ingest stores, and the HTTP API
 * shows latest values, series and snapshots. Once on the embedded defaults (HiveMQ + QuestDB in this JVM), once on
 * Mosquitto + InfluxDB 1.6.7 run from their Debian packages.
 */
class EndToEndIT {
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;
    private String token;

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private Node startNode(Backends.Kind kind) throws Exception {
        Path dataDir = Files.createTempDirectory("kw-e2e-");
        Map<String, String> flags = new HashMap<>(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0", "mqtt-tls-port", "0",
                "mqtt-bind", "127.0.0.1", "data-dir", dataDir.toString()));
        if (kind == Backends.Kind.MOSQUITTO_INFLUX) {
            Backends backends = Backends.start(Backends.Kind.MOSQUITTO_INFLUX);
            toClose.add(backends);
            flags.put("mqtt-url", backends.brokerUri());
            flags.put("influx-url", backends.influx().url());
            flags.put("influx-mode", "v1");
        }
        Node node = Node.start(KitchenWatchConfig.resolve(flags, Map.of()), false);
        toClose.add(node);
        base = "http://127.0.0.1:" + node.httpPort();
        token = node.tokens().issue(new io.kitchenwatch.dashboards.auth.Caller("test-admin", io.kitchenwatch.dashboards.auth.Role.ADMIN, ""),
                Duration.ofHours(1));
        return node;
    }

    @ParameterizedTest
    @EnumSource(Backends.Kind.class)
    void aPublishedReadingAppearsInTheDeviceAndItsSeries(Backends.Kind kind) throws Exception {
        Node node = startNode(kind);
        long now = System.currentTimeMillis();
        long t0 = now - now % 60_000 - 10 * 60_000;
        try (TestDevice device = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "e2e-cabinet"), "test")) {
            for (int i = 0; i < 60; i++) {
                device.publish("kw/sch-01/sch-01-cab-1/telemetry", "{\"ts\":" + (t0 + i * 10_000L) + ",\"seq\":" + i
                        + ",\"values\":{\"temp_c\":" + (100 + i) + ",\"running\":true,\"door_open\":false}}");
            }
            device.publish("kw/sch-01/sch-01-cam-cook/frame", tinyJpeg());
            device.publish("kw/nowhere/stranger-1/telemetry", "{\"values\":{\"weight_kg\":3}}");

            JsonObject cabinet = await(Duration.ofSeconds(30), () -> getJson("/api/v1/devices/sch-01-cab-1"),
                    d -> d.getJsonObject("latest").getDouble("temp_c", 0.0) == 159.0);
            assertEquals(159.0, cabinet.getJsonObject("latest").getDouble("temp_c"));
            assertEquals(true, cabinet.getJsonObject("latest").getBoolean("running"));
            assertEquals(t0 + 590_000, cabinet.getLong("last_reading_ts"));
            assertTrue(cabinet.getBoolean("online"));
            assertTrue(cabinet.getBoolean("registered"));
            assertEquals("disinfection_cabinet", cabinet.getString("kind"));

            JsonArray series = await(Duration.ofSeconds(30),
                    () -> getArray("/api/v1/devices/sch-01-cab-1/series?field=temp_c&from=" + t0 + "&to=" + (t0 + 600_000) + "&step=1m"),
                    s -> s.size() == 10);
            assertEquals(10, series.size());
            for (int k = 0; k < 10; k++) {
                assertEquals(t0 + 60_000L * k, series.getJsonObject(k).getLong("t"));
                assertEquals(100 + 6 * k + 2.5, series.getJsonObject(k).getDouble("value"), 1e-9);
            }

            HttpResponse<byte[]> snapshot = await(Duration.ofSeconds(10),
                    () -> http.send(get("/api/v1/devices/sch-01-cam-cook/snapshot.jpg"), HttpResponse.BodyHandlers.ofByteArray()),
                    r -> r.statusCode() == 200);
            assertEquals("image/jpeg", snapshot.headers().firstValue("Content-Type").orElse(""));
            assertArrayEquals(tinyJpeg(), snapshot.body());

            // a source the registry does not list: stored apart, one notice for its site, no device, no alert
            JsonObject notices = await(Duration.ofSeconds(10), () -> getJson("/api/v1/unregistered-sources"),
                    n -> !n.getJsonArray("notices").isEmpty());
            JsonObject nowhere = notices.getJsonArray("notices").getJsonObject(0);
            assertEquals("nowhere", nowhere.getString("site"));
            assertEquals(1L, nowhere.getLong("messages"));
            assertEquals(List.of("stranger-1"), nowhere.getJsonArray("sample_ids").getList());
            assertEquals(404, http.send(get("/api/v1/devices/stranger-1"), HttpResponse.BodyHandlers.ofString()).statusCode());

            JsonObject health = getJson("/health");
            assertEquals("UP", health.getString("status"), health.encode());
            String metrics = await(Duration.ofSeconds(5), () -> http.send(get("/metrics"), HttpResponse.BodyHandlers.ofString()).body(),
                    m -> m.contains("kw_messages_stored_total 61.0"));
            assertTrue(metrics.contains("kw_messages_stored_total 61.0"), metrics);
            assertTrue(metrics.contains("kw_ingest_unregistered_messages_total{reason=\"unregistered\"} 1.0"), metrics);
            assertTrue(getArray("/api/v1/alerts?device=stranger-1").isEmpty(), "an alert for an unregistered source");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backends.Kind.class, names = "EMBEDDED")
    void badRequestsGetA400WithAMessageAndUnknownIdsA404(Backends.Kind kind) throws Exception {
        startNode(kind);
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        expected.put("/api/v1/devices/sch-01-cab-1/series", 400);
        expected.put("/api/v1/devices/sch-01-cab-1/series?field=Temp%20C", 400);
        expected.put("/api/v1/devices/sch-01-cab-1/series?field=temp_c&from=yesterday", 400);
        expected.put("/api/v1/devices/sch-01-cab-1/series?field=temp_c&step=-5", 400);
        expected.put("/api/v1/devices/sch-01-cab-1/series?field=temp_c&step=1ms", 400);
        expected.put("/api/v1/devices/sch-01-cab-1/series?field=temp_c&from=2000&to=1000", 400);
        expected.put("/api/v1/devices/sch-01-cab-1/series?field=temp_c&step=99999999999999999999", 400);
        expected.put("/api/v1/devices/bad%20id", 400);
        expected.put("/api/v1/devices/" + "x".repeat(65), 400);
        expected.put("/api/v1/devices/no-such-device", 404);
        expected.put("/api/v1/sites/no-such-site", 404);
        expected.put("/api/v1/sites?region=atlantis", 404);
        expected.put("/api/v1/devices?site=bad%20site", 400);
        expected.put("/api/v1/devices/sch-01-cam-cook/snapshot.jpg", 404);
        expected.put("/api/v1/nothing-here", 404);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            HttpResponse<String> r = http.send(get(e.getKey()), HttpResponse.BodyHandlers.ofString());
            assertEquals(e.getValue(), r.statusCode(), e.getKey() + " -> " + r.body());
            JsonObject body = new JsonObject(r.body());
            assertTrue(body.getString("error").length() > 0, e.getKey());
        }
        String malformed = rawGet("/api/v1/devices/sch-01-cab-1/series?field=temp_c&from=%zz");
        assertTrue(malformed.startsWith("HTTP/1.1 400"), malformed);
        assertEquals(22, getArray("/api/v1/sites").size());
        assertEquals(10, getArray("/api/v1/sites?region=tiantai").stream()
                .filter(s -> ((JsonObject) s).getString("kind").equals("school_canteen")).count());
        assertEquals(6, getJson("/api/v1/sites/sch-01").getJsonArray("device_list").size());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build();
    }

    /** For requests a well-behaved client refuses to send. */
    private String rawGet(String path) throws Exception {
        URI uri = URI.create(base);
        try (var socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private JsonObject getJson(String path) throws Exception {
        return new JsonObject(http.send(get(path), HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonArray getArray(String path) throws Exception {
        return new JsonArray(http.send(get(path), HttpResponse.BodyHandlers.ofString()).body());
    }

    static byte[] tinyJpeg() throws Exception {
        var image = new java.awt.image.BufferedImage(32, 24, java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xff8800);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }
}
