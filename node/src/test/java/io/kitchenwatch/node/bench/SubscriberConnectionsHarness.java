package io.kitchenwatch.node.bench;

import io.kitchenwatch.ingest.fixtures.MosquittoProcess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether one subscriber connection limits how fast a node can drain Debian's Mosquitto: the raw drain (bare Paho
 * subscribers that acknowledge at once) over 1, 2 and 4 connections of one shared subscription, beside what the
 * publishers get through with nobody subscribed, all in the same run. Several connections per node are worth having
 * only where the drain grows with them. Prints a table; asserts nothing.
 *
 * <p>Run with {@code scripts/bench-connections [messages] [publishers] [rounds]}.
 */
public final class SubscriberConnectionsHarness {
    private static final int[] CONNECTIONS = {1, 2, 4};

    private SubscriberConnectionsHarness() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int publishers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (MosquittoProcess mosquitto = new MosquittoProcess()) {
            mosquitto.start();
            System.out.printf("%d QoS 1 messages per burst from %d publishers, %d rounds, Debian's Mosquitto%n", messages, publishers, rounds);
            List<Double> publishOnly = new ArrayList<>();
            Map<Integer, List<Double>> drains = new TreeMap<>();
            for (int round = 1; round <= rounds; round++) {
                double p = IngestLoadHarness.publishOnly(mosquitto.uri(), messages, publishers);
                publishOnly.add(p);
                System.out.printf("%-5d %-34s %,10.0f msg/s%n", round, "publish only (nobody subscribed)", p);
                for (int connections : CONNECTIONS) {
                    double d = IngestLoadHarness.drain(mosquitto.uri(), messages, publishers, connections);
                    drains.computeIfAbsent(connections, c -> new ArrayList<>()).add(d);
                    System.out.printf("%-5d %-34s %,10.0f msg/s%n", round, "raw drain over " + connections + " connection(s)", d);
                }
            }
            double one = IngestLoadHarness.median(drains.get(1));
            System.out.printf("median: publish only %,.0f/s", IngestLoadHarness.median(publishOnly));
            drains.forEach((connections, rates) -> System.out.printf("; %d connection(s) %,.0f/s (%.2f of one)",
                    connections, IngestLoadHarness.median(rates), IngestLoadHarness.median(rates) / one));
            System.out.println();
        }
    }
}
