package io.kitchenwatch.node.bench;

import io.kitchenwatch.ingest.fixtures.InfluxDbProcess;
import io.kitchenwatch.ingest.fixtures.KafkaProcess;
import io.kitchenwatch.ingest.fixtures.MosquittoProcess;
import io.kitchenwatch.node.fixtures.NodeMetrics;
import io.kitchenwatch.node.fixtures.NodeProcess;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cluster mode's figures for docs/scaling.md: the same burst of QoS 1 readings stored by one cluster node and then by
 * two (separate processes, on one Kafka, one Mosquitto and one InfluxDB 1.6.7, all on this box), with the raw drain of
 * the same Mosquitto as the baseline of each round; then one of the two is killed and the harness times how long the
 * survivor takes to own every partition and how long it took to rebuild the gained devices' state. Prints figures,
 * asserts nothing.
 *
 * <p>Run with {@code scripts/bench-cluster [messages per burst (100000)] [publishers (4)] [rounds (2)]}.
 */
public final class ClusterScalingHarness {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern REBUILT = Pattern.compile("rebuilt the rules' state from (\\d+) stored messages of (\\d+) devices .* in (\\d+) ms");

    private ClusterScalingHarness() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int publishers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Files.createTempDirectory("kw-bench-cluster-");
        try (MosquittoProcess mosquitto = new MosquittoProcess(); InfluxDbProcess influx = new InfluxDbProcess();
             KafkaProcess kafka = new KafkaProcess()) {
            mosquitto.start();
            influx.start();
            kafka.start();
            System.out.printf("%d QoS 1 messages per burst from %d publishers, %d counted rounds after a warm-up; Mosquitto, InfluxDB 1.6.7,"
                    + " Kafka and the nodes as separate processes on %d cores%n", messages, publishers, rounds, Runtime.getRuntime().availableProcessors());
            double one;
            long seq = 0;
            try (NodeProcess single = node(dir, "solo", "kw1", mosquitto, influx, kafka)) {
                single.start();
                awaitOwned(List.of(single));
                one = rounds(mosquitto, List.of(single), messages, publishers, rounds, seq, "1 node");
                seq += (long) (rounds + 1) * messages;
            }
            NodeProcess a = node(dir, "a", "kw2", mosquitto, influx, kafka);
            NodeProcess b = node(dir, "b", "kw2", mosquitto, influx, kafka);
            try (a; b) {
                a.start();
                b.start();
                awaitOwned(List.of(a, b));
                double two = rounds(mosquitto, List.of(a, b), messages, publishers, rounds, seq, "2 nodes");
                System.out.printf("2 nodes / 1 node = %.2f (stored messages/s, medians)%n", two / one);
                System.out.printf("stored by a %,.0f, by b %,.0f%n", NodeMetrics.value(HTTP, a.base(), "kw_messages_stored_total"),
                        NodeMetrics.value(HTTP, b.base(), "kw_messages_stored_total"));
                long killed = System.currentTimeMillis();
                b.kill();
                long deadline = killed + 120_000;
                while (NodeMetrics.value(HTTP, a.base(), "kw_cluster_partitions_owned") < 12 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                long takeover = System.currentTimeMillis() - killed;
                Thread.sleep(2_000);
                Matcher rebuilt = REBUILT.matcher(a.output());
                String replay = "no rebuild logged";
                while (rebuilt.find()) {
                    replay = rebuilt.group(3) + " ms for " + rebuilt.group(1) + " stored messages of " + rebuilt.group(2) + " devices";
                }
                System.out.printf("kill -9 of b: a owned all 12 partitions after %,d ms (session timeout 10 s); its last rebuild of gained"
                        + " devices took %s%n", takeover, replay);
            }
        }
    }

    private static NodeProcess node(Path dir, String name, String prefix, MosquittoProcess mosquitto, InfluxDbProcess influx, KafkaProcess kafka) {
        return new NodeProcess(dir.resolve(name), "1g", List.of("--mqtt-url", mosquitto.uri(), "--influx-url", influx.url(),
                "--influx-mode", "v1", "--kafka-bootstrap", kafka.bootstrap(), "--kafka-topic-prefix", prefix,
                "--mqtt-client-id", "kw-bench-" + name));
    }

    private static void awaitOwned(List<NodeProcess> nodes) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            double sum = 0;
            boolean each = true;
            for (NodeProcess n : nodes) {
                double owned = NodeMetrics.value(HTTP, n.base(), "kw_cluster_partitions_owned");
                sum += owned;
                each &= owned > 0;
            }
            if (each && sum == 12) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the nodes did not share the partitions in 2 minutes");
    }

    private static double rounds(MosquittoProcess mosquitto, List<NodeProcess> nodes, int messages, int publishers, int rounds, long seq,
                                 String label) throws Exception {
        List<String> bases = nodes.stream().map(NodeProcess::base).toList();
        List<Double> stored = new ArrayList<>();
        List<Double> drains = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            double drain = IngestLoadHarness.baseline(mosquitto.uri(), messages, publishers);
            double rate = IngestLoadHarness.ingest(mosquitto.uri(), bases, messages, publishers, seq);
            seq += messages;
            System.out.printf("%-8s %-8s raw drain %,10.0f/s   stored %,10.0f/s   ratio %.2f%n", label, round == 0 ? "warm-up" : "round " + round,
                    drain, rate, rate / drain);
            if (round > 0) {
                stored.add(rate);
                drains.add(drain);
            }
        }
        double median = IngestLoadHarness.median(stored);
        System.out.printf("%-8s median stored %,.0f/s, %.2f of the raw drain%n", label, median, median / IngestLoadHarness.median(drains));
        return median;
    }
}
