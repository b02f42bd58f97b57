package io.kitchenwatch.dashboards.reliability;

import io.kitchenwatch.dashboards.fixtures.AckCountingPublisher;
import io.kitchenwatch.dashboards.fixtures.NodeProcess;
import io.kitchenwatch.dashboards.fixtures.PeakHeap;
import io.kitchenwatch.dashboards.fixtures.QuestDbQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault tests (a) and (b) of docs/reliability.md on the node as users run it (a child JVM on its embedded broker and
 * store): {@code kill -9} mid-stream and a restart on the same data folder; messages published while it restarts.
 * Every acknowledged reading must be stored exactly once.
 */
class NodeCrashIT {
    static final String DEVICE = "sch-01-cab-1";
    static final String TOPIC = "kw/sch-01/" + DEVICE + "/telemetry";
    final long t0 = System.currentTimeMillis() - 3_600_000;
    final IntFunction<String> reading = seq -> "{\"ts\":" + (t0 + seq * 100L) + ",\"seq\":" + seq
            + ",\"values\":{\"temp_c\":" + (20 + seq % 10) + ".5,\"running\":false}}";
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
        QuestDbQuery questDb = new QuestDbQuery(node.questDbUrl());
        try (PeakHeap heap = new PeakHeap(node);
             AckCountingPublisher beforeCrash = new AckCountingPublisher(node.brokerUri(), "crash-test-device-a");
             AckCountingPublisher duringRestart = new AckCountingPublisher(node.brokerUri(), "crash-test-device-b")) {
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> run(() ->
                    beforeCrash.publish(TOPIC, 0, 5_000, reading, 1_000, Duration.ofMinutes(4))));
            await(Duration.ofSeconds(60), beforeCrash::ackedCount, n -> n >= 2_500);
            node.kill();
            long killedAt = System.nanoTime();
            int ackedAtKill = beforeCrash.ackedCount();
            node.launch();
            node.awaitBrokerPort(Duration.ofSeconds(120));
            // (b): a second device publishes the moment the broker takes TCP connections again
            duringRestart.publish(TOPIC, 5_000, 6_000, reading, 0, Duration.ofMinutes(3));
            stream.join();
            long[] stored = await(Duration.ofSeconds(90), () -> questDb.rowsAndDistinctSeq("telemetry", DEVICE),
                    s -> s[0] >= 6_000);
            double recoveredSeconds = (System.nanoTime() - killedAt) / 1e9;

            BitSet acked = beforeCrash.acked();
            acked.or(duringRestart.acked());
            BitSet missingSeqs = (BitSet) acked.clone();
            missingSeqs.andNot(questDb.seqs("telemetry", DEVICE));
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
            String health = await(Duration.ofSeconds(30), node::health, h -> h.contains("\"status\":\"UP\""));
            assertTrue(health.contains("\"status\":\"UP\""), "health is UP once the backlog is stored: " + health);
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void run(Body body) {
        try {
            body.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
