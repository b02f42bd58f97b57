package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.retry.RetryPolicy;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Batches pending messages into store writes on its own thread and acknowledges them only once the write returned.
 * A batch is whatever has queued up while the previous write ran (plus {@code linger}, zero by default), so batches
 * grow with the load and a lone message is written at once.
 * The queue is bounded; when it is full, {@link #submit} blocks the MQTT callback (overflow policy: block the
 * producer), so a slow or absent store slows intake and the broker keeps the backlog. A store outage is retried with
 * backoff forever; a batch the store refuses as bad data is split to find the offending messages, which go to the
 * dead-letter topic while the rest is stored.
 */
final class StoreWriter implements AutoCloseable {
    interface Outcome {
        void stored(List<PendingMessage> batch);

        void rejected(PendingMessage message, String detail);
    }

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private final TimeSeriesStore store;
    private final IngestMetrics metrics;
    private final Outcome outcome;
    private final int batchSize;
    private final long lingerNanos;
    private final BlockingQueue<PendingMessage> queue;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean storeHealthy = true;
    /** Arrival of the first message of the batch being written; 0 between batches. */
    private volatile long writingSince;

    StoreWriter(TimeSeriesStore store, IngestConfig config, IngestMetrics metrics, Outcome outcome) {
        this.store = store;
        this.metrics = metrics;
        this.outcome = outcome;
        this.batchSize = config.batchSize();
        this.lingerNanos = config.linger().toNanos();
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.thread = new Thread(this::run, "kw-store-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void submit(PendingMessage message) throws InterruptedException {
        queue.put(message);
    }

    int depth() {
        return queue.size();
    }

    boolean storeHealthy() {
        return storeHealthy;
    }

    /** Arrival time (ms) of the oldest message received and not yet stored, or 0 when nothing waits. */
    long oldestPendingArrival() {
        long writing = writingSince;
        if (writing != 0) {
            return writing;
        }
        PendingMessage head = queue.peek();
        return head == null ? 0 : head.arrival();
    }

    private void run() {
        List<PendingMessage> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                PendingMessage first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + lingerNanos;
                int points = first.points().size();
                while (points < batchSize) {
                    long wait = deadline - System.nanoTime();
                    PendingMessage next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    points += next.points().size();
                }
                try {
                    writeUntilDurable(batch);
                } finally {
                    writingSince = 0;
                }
                batch.clear();
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            }
        }
    }

    private void writeUntilDurable(List<PendingMessage> batch) throws InterruptedException {
        RetryPolicy.Backoff backoff = RetryPolicy.STORE_WRITE.backoff();
        while (true) {
            try {
                write(batch);
                storeHealthy = true;
                return;
            } catch (StoreException e) {
                if (e.rejectedData()) {
                    splitRejected(batch, e);
                    return;
                }
                metrics.writeFailed();
                if (storeHealthy) {
                    LOG.warn("store write failed, retrying until it answers: {}", e.getMessage());
                }
                storeHealthy = false;
                backoff.pause();
            }
        }
    }

    private void write(List<PendingMessage> batch) throws StoreException {
        List<StorePoint> points = new ArrayList<>();
        batch.forEach(m -> points.addAll(m.points()));
        long arrival = batch.get(0).arrival();
        if (arrival != 0 || writingSince == 0) { // a message without an arrival is waiting since its first attempt
            writingSince = arrival != 0 ? arrival : System.currentTimeMillis();
        }
        long start = System.nanoTime();
        store.write(points);
        // durable from here: handing the batch on is not waiting for the store, so it must not count as backlog age
        writingSince = 0;
        metrics.writeLatency().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        outcome.stored(batch);
    }

    /** Halves the batch until the refused messages are alone; each of those is dead-lettered. */
    private void splitRejected(List<PendingMessage> batch, StoreException cause) throws InterruptedException {
        if (batch.size() == 1) {
            outcome.rejected(batch.get(0), cause.getMessage());
            return;
        }
        int half = batch.size() / 2;
        for (List<PendingMessage> part : List.of(batch.subList(0, half), batch.subList(half, batch.size()))) {
            try {
                write(part);
            } catch (StoreException e) {
                if (e.rejectedData()) {
                    splitRejected(new ArrayList<>(part), e);
                } else {
                    writeUntilDurable(new ArrayList<>(part));
                }
            }
        }
    }

    /** Stops taking new work and waits for what is queued to be written (bounded by {@code timeoutMs}). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
