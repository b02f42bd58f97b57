package io.kitchenwatch.node.reliability;

import io.kitchenwatch.devices.identity.CredentialKind;
import io.kitchenwatch.node.fixtures.AckCountingPublisher;
import io.kitchenwatch.node.fixtures.AlertObserver;
import io.kitchenwatch.node.fixtures.NodeMetrics;
import io.kitchenwatch.node.fixtures.NodeProcess;
import io.kitchenwatch.node.fixtures.PeakHeap;
import io.kitchenwatch.node.fixtures.QuestDbQuery;
import io.kitchenwatch.node.fixtures.ScriptedBatches;
import io.kitchenwatch.node.fixtures.StoredAlerts;
import io.kitchenwatch.ingest.store.QuestDbStore;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault tests (a) and (b) of docs/reliability.md on the node as users run it (a child JVM on its embedded broker and
 * store): {@code kill -9} mid-stream and a restart on the same data folder; messages published while it restarts.
 * Every acknowledged reading must be stored exactly once; a plant's cabinet running scripted batches through the
 * crash gets each batch judged once with its scripted verdict (the one open at the kill included), and no alert is
 * raised twice.
 */
class NodeCrashIT {
    static final String DEVICE = "sch-01-cab-1";
    static final String TOPIC = "kw/sch-01/" + DEVICE + "/telemetry";
    /** The second device, which publishes during the restart (readings 5,000 to 5,999 of the test). */
    static final String DEVICE_B = "sch-02-cab-1";
    static final String TOPIC_B = "kw/sch-02/" + DEVICE_B + "/telemetry";
    static final String PLANT_CABINET = "dsp-01-cab-1";
    final long t0 = System.currentTimeMillis() - 3_600_000;
    final IntFunction<String> reading = seq -> "{\"ts\":" + (t0 + seq * 100L) + ",\"seq\":" + seq
            + ",\"values\":{\"temp_c\":" + (20 + seq % 10) + ".5,\"running\":false}}";
    final ScriptedBatches batches = new ScriptedBatches("dsp-01", PLANT_CABINET, t0 - 3 * 3_600_000L, 12);
    final HttpClient http = HttpClient.newHttpClient();
    NodeProcess node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void everyAcknowledgedReadingIsStoredExactlyOnceAcrossAKillAndRestart(@TempDir Path dir) throws Exception {
        node = new NodeProcess(dir.resolve("data"), "768m", List.of());
        node.start();
        QuestDbQuery questDb = new QuestDbQuery(node);
        try (PeakHeap heap = new PeakHeap(node);
             AckCountingPublisher beforeCrash = new AckCountingPublisher(node.brokerUri(), node.issue("crash-test-device-a", CredentialKind.BRIDGE), "test");
             AckCountingPublisher duringRestart = new AckCountingPublisher(node.brokerUri(), node.issue("crash-test-device-b", CredentialKind.BRIDGE), "test");
             AckCountingPublisher plant = new AckCountingPublisher(node.brokerUri(), node.issue("crash-test-plant", CredentialKind.BRIDGE), "test");
             AlertObserver observer = new AlertObserver(node.brokerUri(), node.issue("crash-test-alert-observer", CredentialKind.OBSERVER), "test")) {
            CompletableFuture<Void> plantStream = CompletableFuture.runAsync(StoredAlerts.unchecked(() ->
                    plant.publish(0, batches.messages(), batches, 150, Duration.ofMinutes(4))));
            await(Duration.ofSeconds(60), plant::ackedCount, n -> n >= 200);
            CompletableFuture<Void> stream = CompletableFuture.runAsync(StoredAlerts.unchecked(() ->
                    beforeCrash.publish(TOPIC, 0, 5_000, reading, 1_000, Duration.ofMinutes(4))));
            await(Duration.ofSeconds(60), beforeCrash::ackedCount, n -> n >= 2_500);
            int plantAckedAtKill = plant.ackedCount();
            node.kill();
            long killedAt = System.nanoTime();
            int ackedAtKill = beforeCrash.ackedCount();
            node.launch();
            node.awaitBrokerPort(Duration.ofSeconds(120));
            // (b): a second device publishes the moment the broker takes TCP connections again
            duringRestart.publish(TOPIC_B, 5_000, 6_000, reading, 0, Duration.ofMinutes(3));
            stream.join();
            plantStream.join();
            long streamsDone = System.currentTimeMillis();
            long[] stored = await(Duration.ofSeconds(90), () -> sum(questDb.rowsAndDistinctSeq("telemetry", DEVICE),
                    questDb.rowsAndDistinctSeq("telemetry", DEVICE_B)), s -> s[0] >= 6_000);
            double recoveredSeconds = (System.nanoTime() - killedAt) / 1e9;

            BitSet acked = beforeCrash.acked();
            acked.or(duringRestart.acked());
            BitSet missingSeqs = (BitSet) acked.clone();
            missingSeqs.andNot(questDb.seqs("telemetry", DEVICE));
            missingSeqs.andNot(questDb.seqs("telemetry", DEVICE_B));
            long missing = missingSeqs.cardinality();
            System.out.printf("NodeCrashIT: published %d (with re-sends), acknowledged %d (%d before kill -9), stored %d rows "
                            + "of %d distinct readings, missing %d, duplicates dropped %d, connects refused while ingest "
                            + "resubscribed %d, peak heap %d MiB, all stored %.1f s after the kill%n",
                    beforeCrash.attempts() + duringRestart.attempts(), acked.cardinality(), ackedAtKill, stored[0],
                    stored[1], missing, beforeCrash.attempts() + duringRestart.attempts() - stored[0],
                    duringRestart.refusedConnects() + beforeCrash.refusedConnects(), heap.peakMiB(), recoveredSeconds);
            if (missing > 0) {
                System.out.println("NodeCrashIT: missing seqs " + missingSeqs + "\n" + node.output());
            }
            assertEquals(6_000, acked.cardinality(), "the devices got every reading acknowledged in the end");
            assertEquals(0, missing, "every acknowledged reading is stored");
            assertArrayEquals(new long[] {6_000, 6_000}, stored, "each reading stored once");
            assertTrue(node.isAlive());

            QuestDbStore store = new QuestDbStore(node.questDbUrl(), java.util.Optional.of(node.questDbLogin()));
            Map<String, String> verdicts = await(Duration.ofSeconds(60), () -> batches.storedVerdicts(store),
                    v -> v.size() >= batches.batches());
            Map<String, JsonObject> alerts = StoredAlerts.newest(store);
            List<JsonObject> offlineBeforeSilence = alerts.values().stream()
                    .filter(a -> a.getString("type").equals("device_offline") && a.getLong("opened") < streamsDone).toList();
            Map<String, Long> alertsByTypeAndDevice = alerts.values().stream().collect(Collectors.groupingBy(
                    a -> a.getString("type") + "@" + a.getString("device"), TreeMap::new, Collectors.counting()));
            System.out.printf("NodeCrashIT: plant cabinet killed %d messages into its %d (batch B-%d open), verdicts %s, "
                            + "verdicts recovered from stored history %.0f, redelivered messages not analysed twice %.0f, "
                            + "alerts %s, alert versions published %d%n", plantAckedAtKill, batches.messages(), plantAckedAtKill / ScriptedBatches.MESSAGES_PER_BATCH,
                    verdicts, NodeMetrics.value(http, node.base(), "kw_analytics_recovered_verdicts_total"),
                    NodeMetrics.value(http, node.base(), "kw_analytics_redelivered_skipped_total"), alertsByTypeAndDevice, observer.size());
            assertEquals(Map.of(), observer.publishedTwice(), "no alert change published twice on kw/alerts/#");
            assertTrue(observer.openings().values().stream().allMatch(n -> n == 1), "each alert opened once: " + observer.openings());
            assertEquals(batches.expectedVerdicts(), verdicts, "each batch judged once with its scripted verdict, across the kill");
            assertEquals(1L, alertsByTypeAndDevice.get("disinfection_cycle_noncompliant@" + PLANT_CABINET),
                    "one alert for the non-compliant batches");
            assertTrue(alertsByTypeAndDevice.values().stream().allMatch(n -> n == 1), "no alert raised twice: " + alertsByTypeAndDevice);
            assertEquals(List.of(), offlineBeforeSilence, "no device called offline before its stream ended");
            String health = await(Duration.ofSeconds(30), node::health, h -> h.contains("\"status\":\"UP\""));
            assertTrue(health.contains("\"status\":\"UP\""), "health is UP once the backlog is stored: " + health);
        }
    }

    private static long[] sum(long[] a, long[] b) {
        return new long[] {a[0] + b[0], a[1] + b[1]};
    }
}
