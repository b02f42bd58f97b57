package io.kitchenwatch.node.cluster;

import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.fixtures.KafkaProcess;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.kitchenwatch.node.fixtures.AckCountingPublisher;
import io.kitchenwatch.node.fixtures.NodeMetrics;
import io.kitchenwatch.node.fixtures.NodeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes in two JVMs in cluster mode on one Kafka (a real KRaft broker), one Mosquitto and one InfluxDB 1.6.7:
 * eight cabinets publish while one node is killed with {@code kill -9} and later started again. Both nodes store a
 * share; the survivor takes the dead node's partitions over; every reading the broker acknowledged is stored exactly
 * once.
 */
class ClusterStoreIT {
    static final String[][] CABINETS = {
            {"sch-01", "sch-01-cab-1"}, {"sch-02", "sch-02-cab-1"}, {"sch-03", "sch-03-cab-1"}, {"sch-04", "sch-04-cab-1"},
            {"dsp-01", "dsp-01-cab-1"}, {"dsp-01", "dsp-01-cab-2"}, {"dsp-02", "dsp-02-cab-1"}, {"dsp-02", "dsp-02-cab-2"}};
    static final int READINGS = 3_000;
    final long t0 = System.currentTimeMillis() - 3_600_000;
    final IntFunction<String> reading = seq -> "{\"ts\":" + (t0 + seq * 100L) + ",\"seq\":" + seq
            + ",\"values\":{\"temp_c\":80.0,\"running\":true}}";
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoNodesStoreEveryAcknowledgedReadingOnceThroughAKillAndRestartOfOne(@TempDir Path dir) throws Exception {
        try (Backends backends = Backends.start(Backends.Kind.MOSQUITTO_INFLUX); KafkaProcess kafka = new KafkaProcess()) {
            kafka.start();
            NodeProcess a = clusterNode(dir.resolve("a"), "kw-node-a", backends, kafka);
            NodeProcess b = clusterNode(dir.resolve("b"), "kw-node-b", backends, kafka);
            a.start();
            b.start();
            List<AckCountingPublisher> publishers = new ArrayList<>();
            try (a; b) {
                List<CompletableFuture<Void>> streams = new ArrayList<>();
                for (String[] cabinet : CABINETS) {
                    AckCountingPublisher p = new AckCountingPublisher(backends.brokerUri(), "cluster-test-" + cabinet[1]);
                    publishers.add(p);
                    String topic = "kw/" + cabinet[0] + "/" + cabinet[1] + "/telemetry";
                    streams.add(CompletableFuture.runAsync(() -> {
                        try {
                            p.publish(topic, 0, READINGS, reading, 150, Duration.ofMinutes(4));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                await(Duration.ofSeconds(60), () -> publishers.stream().mapToInt(AckCountingPublisher::ackedCount).sum(),
                        n -> n >= CABINETS.length * READINGS / 3);
                double storedByA = NodeMetrics.value(http, a.base(), "kw_messages_stored_total");
                double storedByB = NodeMetrics.value(http, b.base(), "kw_messages_stored_total");
                a.kill();
                long killed = System.currentTimeMillis();
                double bAtKill = NodeMetrics.value(http, b.base(), "kw_messages_stored_total");
                // B takes A's partitions over once A's session times out, and stores what B's own connection receives
                await(Duration.ofSeconds(60), () -> owned(b), owned -> owned == 12);
                long takeover = System.currentTimeMillis() - killed;
                CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).join();
                TimeSeriesStore store = backends.store();
                Thread.sleep(5_000);
                long storedWhileADown = total(store);
                double bBeforeRestart = NodeMetrics.value(http, b.base(), "kw_messages_stored_total");
                a.start(); // what the broker had handed A's session and A never acknowledged comes to A again

                List<Long> stored = new ArrayList<>();
                for (String[] cabinet : CABINETS) {
                    stored.add(await(Duration.ofSeconds(90), () -> store.count(TimeSeriesStore.TELEMETRY, cabinet[1], "temp_c",
                            t0 - 1, t0 + 86_400_000L), n -> n >= READINGS));
                }
                Thread.sleep(2_000); // a duplicate would arrive right behind
                List<Long> finalCounts = new ArrayList<>();
                for (String[] cabinet : CABINETS) {
                    finalCounts.add(store.count(TimeSeriesStore.TELEMETRY, cabinet[1], "temp_c", t0 - 1, t0 + 86_400_000L));
                }
                System.out.printf("ClusterStoreIT: before the kill A stored %.0f, B %.0f; B owned all 12 partitions %d ms after"
                                + " the kill and stored %.0f more; with A down %d of %d acknowledged readings were stored (the rest waited in A's"
                                + " broker session); after A's restart per cabinet stored %s (acknowledged %s)%n",
                        storedByA, storedByB, takeover, bBeforeRestart - bAtKill, storedWhileADown, CABINETS.length * READINGS, finalCounts,
                        publishers.stream().map(AckCountingPublisher::ackedCount).toList());
                assertTrue(storedByA > 0 && storedByB > 0, "both nodes store a share: A " + storedByA + ", B " + storedByB);
                assertTrue(bBeforeRestart > bAtKill, "the survivor went on storing after the kill");
                for (AckCountingPublisher p : publishers) {
                    assertEquals(READINGS, p.ackedCount(), "the broker acknowledged every reading");
                }
                assertEquals(java.util.Collections.nCopies(CABINETS.length, (long) READINGS), finalCounts,
                        "every acknowledged reading stored exactly once");
            } finally {
                publishers.forEach(AckCountingPublisher::close);
            }
        }
    }

    private static NodeProcess clusterNode(Path dir, String clientId, Backends backends, KafkaProcess kafka) {
        return new NodeProcess(dir, "512m", List.of("--mqtt-url", backends.brokerUri(), "--influx-url", backends.influx().url(),
                "--influx-mode", "v1", "--kafka-bootstrap", kafka.bootstrap(), "--mqtt-client-id", clientId));
    }

    private long total(TimeSeriesStore store) throws Exception {
        long n = 0;
        for (String[] cabinet : CABINETS) {
            n += store.count(TimeSeriesStore.TELEMETRY, cabinet[1], "temp_c", t0 - 1, t0 + 86_400_000L);
        }
        return n;
    }

    private double owned(NodeProcess node) throws Exception {
        return NodeMetrics.value(http, node.base(), "kw_cluster_partitions_owned");
    }
}
