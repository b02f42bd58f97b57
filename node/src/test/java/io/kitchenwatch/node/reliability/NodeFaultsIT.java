package io.kitchenwatch.node.reliability;

import io.kitchenwatch.node.fixtures.AckCountingPublisher;
import io.kitchenwatch.node.fixtures.CabinetHeartbeats;
import io.kitchenwatch.node.fixtures.NodeMetrics;
import io.kitchenwatch.node.fixtures.NodeProcess;
import io.kitchenwatch.node.fixtures.PeakHeap;
import io.kitchenwatch.node.fixtures.ScriptedBatches;
import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault tests (c) and (d) of docs/reliability.md on the node as users run it (a child JVM with a 256 MiB heap, on
 * Mosquitto and InfluxDB 1.6.7): while three cabinets report twice a second and a plant's cabinet runs 24 scripted
 * disinfection batches, Mosquitto is restarted, then InfluxDB is down for 60 s (twice the cabinets' 30 s offline
 * limit). Every acknowledged reading is stored once, each batch is judged once with its scripted verdict, each alert
 * is raised once (the non-compliant batches' among them), and no device is called offline while its messages wait.
 */
class NodeFaultsIT {
    static final String PLANT_CABINET = "dsp-01-cab-1";
    static final int BATCHES = 24;
    static final int READINGS_PER_BATCH = ScriptedBatches.READINGS_PER_BATCH;
    static final int MESSAGES_PER_BATCH = ScriptedBatches.MESSAGES_PER_BATCH;
    final HttpClient http = HttpClient.newHttpClient();
    final long t0 = System.currentTimeMillis() - 12 * 3_600_000L;
    final ScriptedBatches batches = new ScriptedBatches("dsp-01", PLANT_CABINET, t0, BATCHES);

    @Test
    void aBrokerRestartAndAMinuteWithoutTheStoreLoseNothingAndRaiseNothingFalse(@TempDir Path dir) throws Exception {
        try (Backends backends = Backends.start(Backends.Kind.MOSQUITTO_INFLUX)) {
            NodeProcess node = new NodeProcess(dir.resolve("data"), "256m", List.of("--mqtt-url", backends.brokerUri(),
                    "--influx-url", backends.influx().url(), "--influx-mode", "v1"));
            node.start();
            try (node; PeakHeap heap = new PeakHeap(node);
                 AckCountingPublisher plant = new AckCountingPublisher(backends.brokerUri(), "faults-plant")) {
                long started = System.currentTimeMillis();
                CabinetHeartbeats heartbeats = new CabinetHeartbeats(backends.brokerUri(), "faults-", 220);
                List<CompletableFuture<Void>> streams = new ArrayList<>(List.of(heartbeats.done()));
                long[] plantDone = new long[1];
                streams.add(CompletableFuture.runAsync(() -> {
                    try {
                        plant.publish(0, BATCHES * MESSAGES_PER_BATCH, batches, 25, Duration.ofMinutes(5));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    plantDone[0] = System.currentTimeMillis();
                }));

                Thread.sleep(12_000);
                backends.mosquitto().stop(); // (c): every client loses the broker; its persistence keeps the queues
                Thread.sleep(3_000);
                backends.mosquitto().start();
                Thread.sleep(10_000);
                backends.influx().kill(); // (d): a minute without the store
                long outageEnd = System.currentTimeMillis() + 60_000;
                boolean degraded = false;
                while (System.currentTimeMillis() < outageEnd) {
                    degraded |= node.health().contains("\"status\":\"DEGRADED\"");
                    Thread.sleep(1_000);
                }
                backends.influx().start();
                CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).join();
                heartbeats.close();

                TimeSeriesStore store = backends.store();
                long plantReadings = await(Duration.ofSeconds(120), () -> store.count(TimeSeriesStore.TELEMETRY, PLANT_CABINET,
                        "temp_c", t0, t0 + 86_400_000L), n -> n >= BATCHES * READINGS_PER_BATCH);
                List<Long> cabinetReadings = new ArrayList<>();
                for (String cabinet : CabinetHeartbeats.CABINETS) {
                    cabinetReadings.add(await(Duration.ofSeconds(60), () -> store.count(TimeSeriesStore.TELEMETRY, cabinet,
                            "temp_c", started - 1, started + 3_600_000L), n -> n >= 220));
                }
                double judged = await(Duration.ofSeconds(60), () -> NodeMetrics.value(http, node.base(), "kw_batches_judged_total"),
                        n -> n >= BATCHES);
                Thread.sleep(2_000); // a duplicate verdict would show up right behind the last one
                judged = NodeMetrics.value(http, node.base(), "kw_batches_judged_total");
                List<String> verdicts = store.payloads(TimeSeriesStore.BATCHES, Map.of("device", PLANT_CABINET), t0 - 1,
                        t0 + 86_400_000L, 1_000);
                Map<String, Long> byVerdict = verdicts.stream().collect(Collectors.groupingBy(
                        v -> new JsonObject(v).getString("verdict"), Collectors.counting()));
                Map<String, JsonObject> alerts = new java.util.TreeMap<>(); // newest version of each
                for (String json : store.payloads(TimeSeriesStore.ALERTS, Map.of(), 0, System.currentTimeMillis() + 86_400_000L, 10_000)) {
                    JsonObject a = new JsonObject(json);
                    alerts.put(a.getString("id"), a);
                }
                // the plant's cabinet really falls silent once its script is done: that one is not false
                List<JsonObject> falseOffline = alerts.values().stream().filter(a -> a.getString("type").equals("device_offline"))
                        .filter(a -> !a.getString("device").equals(PLANT_CABINET) || a.getLong("opened") < plantDone[0] + 29_000)
                        .toList();
                Map<String, Long> alertTypes = alerts.values().stream().collect(Collectors.groupingBy(
                        a -> a.getString("type") + "@" + a.getString("device"), java.util.TreeMap::new, Collectors.counting()));
                String health = await(Duration.ofSeconds(30), node::health, h -> h.contains("\"status\":\"UP\""));
                System.out.printf("NodeFaultsIT: plant readings stored %d of %d, cabinets %s of 220 each (acknowledged %s), "
                                + "batches judged %.0f %s, alerts %s, DEGRADED seen during the outage %s, "
                                + "peak heap %d MiB of 256%n", plantReadings, BATCHES * READINGS_PER_BATCH, cabinetReadings,
                        heartbeats.acknowledged(), judged, byVerdict, alertTypes,
                        degraded, heap.peakMiB());

                assertEquals(BATCHES * READINGS_PER_BATCH, plantReadings, "every plant reading stored once");
                assertEquals(BATCHES * MESSAGES_PER_BATCH, plant.ackedCount());
                assertEquals(List.of(220L, 220L, 220L), cabinetReadings, "every cabinet reading stored once");
                assertEquals(BATCHES, judged, "each batch judged once");
                assertEquals(Map.of("compliant", (long) BATCHES / 2, "non_compliant", (long) BATCHES / 2), byVerdict);
                assertEquals(List.of(), falseOffline, "no device was called offline while its messages only waited");
                assertEquals(1L, alertTypes.get("disinfection_cycle_noncompliant@" + PLANT_CABINET),
                        "one alert for the non-compliant batches, raised once and repeated");
                assertTrue(alertTypes.values().stream().allMatch(n -> n == 1), "no alert raised twice: " + alertTypes);
                assertTrue(degraded, "/health said DEGRADED while the store was down");
                assertTrue(health.contains("\"status\":\"UP\""), health);
                assertTrue(node.isAlive());
            }
        }
    }
}
