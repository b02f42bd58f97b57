package io.kitchenwatch.analytics.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A daemon thread that hands whatever has queued up (at most {@code batch} items) to {@code handler} in one call, so
 * a batch grows with the load and a lone item goes at once. Closing lets it finish what is queued (bounded wait).
 */
final class DrainingThread<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DrainingThread.class);
    interface BatchHandler<T> {
        void handle(List<T> batch) throws InterruptedException;
    }

    private final BlockingQueue<T> queue;
    private final int batch;
    private final BatchHandler<T> handler;
    private final Thread thread;
    private volatile boolean running = true;

    DrainingThread(String name, BlockingQueue<T> queue, int batch, BatchHandler<T> handler) {
        this.queue = queue;
        this.batch = batch;
        this.handler = handler;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** False once closing: handlers stop retrying and give up on what they cannot hand on. */
    boolean running() {
        return running;
    }

    private void run() {
        List<T> items = new ArrayList<>(batch);
        while (running || !queue.isEmpty()) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                items.add(first);
                queue.drainTo(items, batch - 1);
                handler.handle(items);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                // the thread must outlive a bad batch: a dead writer would block everything that feeds it
                LOG.error("{} could not handle {} items; they are dropped", Thread.currentThread().getName(), items.size(), e);
            } finally {
                items.clear();
            }
        }
    }

    /** Waits up to {@code waitMillis} for what is queued to be handled. */
    void close(long waitMillis) {
        running = false;
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }

    @Override
    public void close() {
        close(10_000);
    }
}
