package io.kitchenwatch.ingest.analytics;

import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stores one camera-health sample per analysed frame, in batches, on its own thread, for the camera KPIs. The queue
 * is bounded; when the store is away long enough to fill it, new samples are dropped and counted
 * ({@code kw_camera_health_samples_dropped_total}): a KPI sample is not worth holding frame analysis back.
 */
final class HealthSampleWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthSampleWriter.class);
    private static final int CAPACITY = 100_000;
    private static final int BATCH = 2_000;
    private final TimeSeriesStore store;
    private final BlockingQueue<StorePoint> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Counter dropped;
    private final Thread thread = new Thread(this::run, "kw-camera-health-writer");
    private volatile boolean running = true;

    HealthSampleWriter(TimeSeriesStore store, MeterRegistry meters) {
        this.store = store;
        this.dropped = Counter.builder("kw.camera.health.samples.dropped").description("camera health samples not stored (queue full)").register(meters);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void sample(String site, String device, long ts, boolean healthy) {
        StorePoint p = new StorePoint(TimeSeriesStore.CAMERA_HEALTH, Map.of("site", site, "device", device),
                Map.of(healthy ? "healthy_frame" : "unhealthy_frame", 1.0), ts);
        if (!queue.offer(p)) {
            dropped.increment();
        }
    }

    private void run() {
        List<StorePoint> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                StorePoint first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                writeWithRetry(batch);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void writeWithRetry(List<StorePoint> batch) throws InterruptedException {
        long backoff = 200;
        while (true) {
            try {
                store.write(batch);
                return;
            } catch (StoreException e) {
                if (e.rejectedData() || !running) {
                    LOG.warn("camera health samples not stored: {}", e.getMessage());
                    return;
                }
                Thread.sleep(backoff);
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
