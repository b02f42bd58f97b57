package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.devices.retry.RetryPolicy;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Stores what frame analysis derives (a camera-health sample per analysed frame, for the camera KPIs; the light or
 * door state a line camera reads), in batches, on its own thread. The queue is bounded; when the store is away long
 * enough to fill it, new rows are dropped and counted ({@code kw_derived_points_dropped_total}): a derived sample is
 * not worth holding frame analysis back.
 */
final class DerivedPointWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DerivedPointWriter.class);
    private static final int CAPACITY = 100_000;
    private static final int BATCH = 2_000;
    private final TimeSeriesStore store;
    private final BlockingQueue<StorePoint> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Counter dropped;
    private final DrainingThread<StorePoint> thread = new DrainingThread<>("kw-derived-writer", queue, BATCH, this::writeWithRetry);

    DerivedPointWriter(TimeSeriesStore store, MeterRegistry meters) {
        this.store = store;
        this.dropped = Counter.builder("kw.derived.points.dropped").description("derived rows (camera health, line state) not stored: queue full").register(meters);
    }

    void start() {
        thread.start();
    }

    void write(StorePoint p) {
        if (!queue.offer(p)) {
            dropped.increment();
        }
    }

    private void writeWithRetry(List<StorePoint> batch) throws InterruptedException {
        RetryPolicy.Backoff backoff = RetryPolicy.STORE_WRITE.backoff();
        while (true) {
            try {
                store.write(batch);
                return;
            } catch (StoreException e) {
                if (e.rejectedData() || !thread.running()) {
                    LOG.warn("derived rows not stored: {}", e.getMessage());
                    return;
                }
                backoff.pause();
            }
        }
    }

    @Override
    public void close() {
        thread.close(5_000);
    }
}
