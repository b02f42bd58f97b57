package io.kitchenwatch.node.reliability;

import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.Node;
import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store outage as a monitoring system sees it: while InfluxDB is down {@code /health} answers 503 DEGRADED naming
 * the store, readings keep being accepted by the broker, and once InfluxDB is back every one is stored and health
 * is UP again.
 */
class StoreOutageHealthIT {
    static final String DEVICE = "sch-01-cab-1";
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthIsDegradedWhileTheStoreIsDownAndNothingIsLost(@TempDir Path dir) throws Exception {
        try (Backends backends = Backends.start(Backends.Kind.MOSQUITTO_INFLUX);
             Node node = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1",
                     "data-dir", dir.toString(), "mqtt-url", backends.brokerUri(), "influx-url", backends.influx().url(),
                     "influx-mode", "v1"), Map.of()), false);
             TestDevice device = new TestDevice(backends.brokerUri(), "outage-cabinet")) {
            String base = "http://127.0.0.1:" + node.httpPort();
            long t0 = System.currentTimeMillis() - 600_000;
            publish(device, t0, 0, 100);
            TimeSeriesStore store = backends.store();
            await(Duration.ofSeconds(30), () -> store.count(TimeSeriesStore.TELEMETRY, DEVICE, "temp_c", t0, t0 + 600_000), n -> n == 100);
            assertEquals(200, health(base).statusCode());

            backends.influx().kill();
            publish(device, t0, 100, 400);
            HttpResponse<String> degraded = await(Duration.ofSeconds(30), () -> health(base), r -> r.statusCode() == 503);
            JsonObject body = new JsonObject(degraded.body());
            System.out.println("StoreOutageHealthIT: during the outage " + degraded.body());
            assertEquals(503, degraded.statusCode(), degraded.body());
            assertEquals("DEGRADED", body.getString("status"));
            assertTrue(body.getJsonArray("reasons").getString(0).startsWith("store not"), degraded.body());

            backends.influx().start();
            long stored = await(Duration.ofSeconds(60), () -> store.count(TimeSeriesStore.TELEMETRY, DEVICE, "temp_c", t0, t0 + 600_000),
                    n -> n == 400);
            assertEquals(400, stored, "every reading published during the outage is stored once it is back");
            HttpResponse<String> up = await(Duration.ofSeconds(30), () -> health(base), r -> r.statusCode() == 200);
            assertEquals("UP", new JsonObject(up.body()).getString("status"), up.body());
        }
    }

    private static void publish(TestDevice device, long t0, int from, int to) throws Exception {
        for (int seq = from; seq < to; seq++) {
            device.publish("kw/sch-01/" + DEVICE + "/telemetry", "{\"ts\":" + (t0 + seq * 1000L) + ",\"seq\":" + seq
                    + ",\"values\":{\"temp_c\":" + (60 + seq % 20) + ".5,\"running\":false}}");
        }
    }

    private HttpResponse<String> health(String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
