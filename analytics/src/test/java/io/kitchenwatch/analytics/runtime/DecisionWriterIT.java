package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alert and verdict rows are stored in batches, and each is announced only once stored, in the order decided. */
class DecisionWriterIT {
    private static final long T0 = 1_780_000_000_000L;

    private static StorePoint alertRow(int i) {
        return new StorePoint(TimeSeriesStore.ALERTS,
                Map.of("site", "s1", "device", "d" + (i % 7), "type", "grease_level_high", "alert", "a" + i, "state", "open"),
                Map.of(TimeSeriesStore.PAYLOAD, "{\"n\":" + i + "}"), T0 + i);
    }

    @ParameterizedTest
    @EnumSource(Backends.Kind.class)
    void aBurstIsStoredInFewWritesAndAnnouncedInOrder(Backends.Kind kind) throws Exception {
        try (Backends backends = Backends.start(kind)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            DecisionWriter writer = new DecisionWriter(backends.store(), meters);
            List<Integer> announced = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            writer.start();
            int rows = 2_000;
            for (int i = 0; i < rows; i++) {
                int n = i;
                if (i % 100 == 0) {
                    writer.afterPending(() -> announced.add(-n)); // an announcement with no row keeps its place
                }
                writer.submit(alertRow(i), () -> announced.add(n));
            }
            writer.afterPending(done::countDown);
            assertTrue(done.await(60, TimeUnit.SECONDS), "every decision announced");
            writer.close();

            List<Integer> expected = IntStream.range(0, rows).boxed()
                    .flatMap(i -> i % 100 == 0 ? List.of(-i, i).stream() : List.of(i).stream()).toList();
            assertEquals(expected, announced);
            DistributionSummary batches = meters.get("kw.decisions.batch.rows").summary();
            assertEquals(rows, (long) batches.totalAmount(), "every row written once");
            assertTrue(batches.count() < rows / 10, "rows written in batches, not one by one: " + batches.count() + " writes");
            backends.store().awaitWritesReadable(Duration.ofSeconds(30));
            assertEquals(rows, backends.store().payloads(TimeSeriesStore.ALERTS, Map.of(), T0, T0 + rows, rows + 10).size());
        }
    }

    @Test
    void nothingIsAnnouncedWhileTheStoreIsDownAndAllOfItOnceItIsBack() throws Exception {
        try (Backends backends = Backends.start(Backends.Kind.MOSQUITTO_INFLUX)) {
            DecisionWriter writer = new DecisionWriter(backends.store(), new SimpleMeterRegistry());
            writer.start();
            List<Integer> announced = new CopyOnWriteArrayList<>();
            CountDownLatch first = new CountDownLatch(1);
            writer.submit(alertRow(0), first::countDown);
            assertTrue(first.await(30, TimeUnit.SECONDS));

            backends.influx().kill();
            for (int i = 1; i <= 20; i++) {
                int n = i;
                writer.submit(alertRow(i), () -> announced.add(n));
            }
            Thread.sleep(3_000);
            assertEquals(List.of(), announced, "announced before the store had it");

            backends.influx().start();
            CountDownLatch all = new CountDownLatch(1);
            writer.afterPending(all::countDown);
            assertTrue(all.await(90, TimeUnit.SECONDS), "announced once the store is back");
            writer.close();
            assertEquals(IntStream.rangeClosed(1, 20).boxed().toList(), announced);
            assertEquals(21, backends.store().payloads(TimeSeriesStore.ALERTS, Map.of("site", "s1"), T0, T0 + 100, 100).size());
        }
    }

    @Test
    void whatTheStoreDidNotTakeByTheStopIsNotAnnounced() throws Exception {
        try (Backends backends = Backends.start(Backends.Kind.MOSQUITTO_INFLUX)) {
            DecisionWriter writer = new DecisionWriter(backends.store(), new SimpleMeterRegistry());
            writer.start();
            backends.influx().kill();
            List<Integer> announced = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                writer.submit(alertRow(i), () -> announced.add(n));
            }
            Thread.sleep(1_000);
            writer.close();
            writer.submit(alertRow(99), () -> announced.add(99)); // after the stop: refused, with a warning
            assertEquals(List.of(), announced, "published without being stored");
        }
    }

    @Test
    void aFailingBatchDoesNotStopTheThread() throws Exception {
        ArrayBlockingQueue<Integer> queue = new ArrayBlockingQueue<>(10);
        List<Integer> handled = new CopyOnWriteArrayList<>();
        CountDownLatch second = new CountDownLatch(1);
        try (DrainingThread<Integer> thread = new DrainingThread<>("test-drain", queue, 10, batch -> {
            if (batch.contains(1)) {
                throw new IllegalStateException("a bad batch");
            }
            handled.addAll(batch);
            second.countDown();
        })) {
            thread.start();
            queue.put(1);
            Thread.sleep(300);
            queue.put(2);
            assertTrue(second.await(10, TimeUnit.SECONDS), "the thread lived on");
            assertEquals(List.of(2), handled);
        }
    }
}
