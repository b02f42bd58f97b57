package io.kitchenwatch.node;

import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.fixtures.NodeLogins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * When an alert comes: a reading that continues its device's {@code seq} is judged as soon as it is stored, however
 * long the lateness window; one without {@code seq} followed by silence waits the window on the wall clock, not until
 * the device is declared offline. (How fast, in milliseconds, is measured by the loadtest, not asserted here.)
 */
class AlertLatencyIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newHttpClient();

    private Node start(int latenessSeconds) throws Exception {
        return Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0",
                "mqtt-tls-port", "0", "mqtt-bind", "127.0.0.1", "data-dir", Files.createTempDirectory("kw-latency-").toString(),
                "analytics-lateness-seconds", String.valueOf(latenessSeconds)), Map.of()), false);
    }

    @Test
    void aReadingThatContinuesItsSequenceIsJudgedWithoutWaitingForTheWindow() throws Exception {
        try (Node node = start(600);
             TestDevice separator = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "latency-devices"), "test")) {
            long t = System.currentTimeMillis() - 1_200_000; // all in the past: the future is refused beyond 5 min
            // the first reading starts the sequence (what came before it is not known: it waits the 10 minutes)...
            separator.publish("kw/rst-03/rst-03-sep-1/telemetry", reading(t, 0, 10.0));
            // ...a reading 10 minutes later in event time lets it go, and the chain is known from then on
            separator.publish("kw/rst-03/rst-03-sep-1/telemetry", reading(t + 600_000, 1, 11.0));
            separator.publish("kw/rst-03/rst-03-sep-1/telemetry", reading(t + 630_000, 2, 31.0));
            JsonObject alarm = await(WAIT, () -> alarmOf(node, "rst-03-sep-1"), a -> a != null);
            assertEquals(t + 630_000, alarm.getLong("opened"), "raised by the reading that continued the sequence");
        }
    }

    @Test
    void aReadingWithoutSequenceIsJudgedWhenTheWindowPassesOnTheWallClock() throws Exception {
        try (Node node = start(3);
             TestDevice separator = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "latency-devices"), "test")) {
            long t = System.currentTimeMillis();
            separator.publish("kw/rst-04/rst-04-sep-1/telemetry", "{\"ts\":" + t + ",\"values\":{\"grease_pct\":31.0,\"oil_out_mg_l\":40}}");
            // then silence: before, the reading waited for a newer one or for the 90 s offline timer
            JsonObject alarm = await(WAIT, () -> alarmOf(node, "rst-04-sep-1"), a -> a != null);
            assertEquals(t, alarm.getLong("opened"));
        }
    }

    private static String reading(long ts, long seq, double grease) {
        return "{\"ts\":" + ts + ",\"seq\":" + seq + ",\"values\":{\"grease_pct\":" + grease + ",\"oil_out_mg_l\":40}}";
    }

    private JsonObject alarmOf(Node node, String device) throws Exception {
        String token = node.tokens().issue(new Caller("test-admin", Role.ADMIN, ""), Duration.ofMinutes(5));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/alerts"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        for (Object o : new JsonArray(r.body())) {
            JsonObject a = (JsonObject) o;
            if (a.getString("device").equals(device) && a.getString("type").equals("grease_level_alarm")) {
                return a;
            }
        }
        return null;
    }
}
