package io.kitchenwatch.node.bench;

import io.kitchenwatch.ingest.fixtures.InfluxDbProcess;
import io.kitchenwatch.ingest.fixtures.MosquittoProcess;
import io.kitchenwatch.node.fixtures.NodeProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The production-like flow of the performance issue: Debian's Mosquitto and InfluxDB 1.6.7 as separate processes,
 * a node as a third ({@code run --mqtt-url ... --influx-url ... --influx-mode v1}), so the node's CPU time is its own.
 * Each round first drains a burst from the same Mosquitto with a bare Paho subscriber (the raw drain: what the broker
 * can hand out), then sends the node the same burst of QoS 1 cabinet readings and times it until all are stored.
 * A first round warms the JIT up and is left out of the medians. Prints messages/s of each, their ratio, the node's
 * CPU time per stored message and its peak RSS; asserts nothing.
 *
 * <p>Run with {@code scripts/bench-external [messages per burst (200000)] [publishers (4)] [rounds (2)]}.
 */
public final class ExternalStackHarness {
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private ExternalStackHarness() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int publishers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Files.createTempDirectory("kw-bench-external-");
        try (MosquittoProcess mosquitto = new MosquittoProcess(); InfluxDbProcess influx = new InfluxDbProcess()) {
            mosquitto.start();
            influx.start();
            try (NodeProcess node = new NodeProcess(dir.resolve("node"), "2g", List.of("--mqtt-url", mosquitto.uri(),
                    "--influx-url", influx.url(), "--influx-mode", "v1"))) {
                node.start();
                long pid = node.handle().pid();
                System.out.printf("%d QoS 1 messages per burst from %d publishers, %d rounds; Mosquitto 2, InfluxDB 1.6.7 and the node"
                        + " (pid %d) as three processes%n", messages, publishers, rounds, pid);
                System.out.printf("%-7s %-46s %12s %14s%n", "round", "run", "messages/s", "node CPU/msg");
                List<Double> drains = new ArrayList<>();
                List<Double> ingests = new ArrayList<>();
                List<Double> cpus = new ArrayList<>();
                long seq = 0;
                for (int round = 0; round <= rounds; round++) { // round 0 warms the JIT up and is not counted
                    String label = round == 0 ? "warm-up" : String.valueOf(round);
                    double drain = IngestLoadHarness.baseline(mosquitto.uri(), messages, publishers);
                    System.out.printf("%-7s %-46s %,12.0f%n", label, "raw drain: Mosquitto → bare Paho subscriber", drain);
                    double cpuBefore = cpuSeconds(pid);
                    double stored = IngestLoadHarness.ingest(mosquitto.uri(), node.base(), messages, publishers, seq);
                    double cpuMicros = (cpuSeconds(pid) - cpuBefore) * 1e6 / messages;
                    seq += messages;
                    System.out.printf("%-7s %-46s %,12.0f %11.1f µs%n", label, "node: Mosquitto → validate → InfluxDB → ack", stored, cpuMicros);
                    if (round > 0) {
                        drains.add(drain);
                        ingests.add(stored);
                        cpus.add(cpuMicros);
                    }
                }
                double d = IngestLoadHarness.median(drains);
                double i = IngestLoadHarness.median(ingests);
                System.out.printf("median of the counted rounds: raw drain %,.0f/s, node %,.0f/s, node/raw drain = %.2f; node CPU %.1f µs per stored message;"
                        + " node peak RSS %d MB%n", d, i, i / d, IngestLoadHarness.median(cpus), peakRssKb(pid) / 1024);
                double writes = IngestLoadHarness.metric(node.base(), "kw_store_write_latency_seconds_count");
                System.out.printf("store writes: %,.0f, %.1f messages and %.2f ms each on average; alert and verdict rows: %,.0f%n", writes,
                        IngestLoadHarness.metric(node.base(), "kw_messages_stored_total") / writes,
                        1000 * IngestLoadHarness.metric(node.base(), "kw_store_write_latency_seconds_sum") / writes,
                        IngestLoadHarness.metric(node.base(), "kw_decisions_batch_rows_sum"));
            }
        }
    }

    /** User + system CPU time of a process so far (Linux /proc; the same figure ps and top show). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
    }

    static long peakRssKb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(l -> l.startsWith("VmHWM:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong).findFirst().orElse(0);
    }
}
