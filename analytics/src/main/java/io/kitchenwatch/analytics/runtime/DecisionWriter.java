package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.devices.retry.RetryPolicy;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Stores what analytics decided (alert changes, verdicts) in batches on its own thread, and only then lets the world
 * know: each decision's announcement (MQTT, the bus, an API caller waiting for its action) runs once its row is
 * durable, in the order the decisions were made. Analytics goes on judging while a batch is written, so a burst of
 * alerts costs one store transaction instead of one each (with QuestDB, tens of milliseconds each).
 * <p>
 * The queue is bounded; when the store falls that far behind, {@link #submit} blocks the analytics thread and so, in
 * turn, intake (policy: block the producer). A store outage is retried with backoff until the store answers or the
 * node stops; what the store still does not take when stopping is logged and not announced (a restart finds it again
 * by analysing stored history). A row the store refuses as bad data is logged and its announcement still made (the
 * view already shows it). Announcements with no row keep their place in the order.
 */
final class DecisionWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionWriter.class);
    private static final int CAPACITY = 10_000;
    private static final int BATCH = 1_000;

    private record Decision(Optional<StorePoint> row, Runnable announce) {
    }

    private final TimeSeriesStore store;
    private final BlockingQueue<Decision> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final DistributionSummary batchSizes;
    private final DrainingThread<Decision> thread = new DrainingThread<>("kw-decision-writer", queue, BATCH, this::storeAndAnnounce);

    DecisionWriter(TimeSeriesStore store, MeterRegistry meters) {
        this.store = store;
        this.batchSizes = DistributionSummary.builder("kw.decisions.batch.rows")
                .description("alert and verdict rows stored in one write").register(meters);
        Gauge.builder("kw.decisions.queue.depth", queue::size)
                .description("decisions waiting to be stored and announced (bounded; full blocks analytics)").register(meters);
    }

    void start() {
        thread.start();
    }

    /** Stores {@code row}, then runs {@code announce} on the writer's thread; blocks while the queue is full. */
    void submit(StorePoint row, Runnable announce) {
        put(new Decision(Optional.of(row), announce));
    }

    /** Runs {@code announce} after every decision submitted before it has been stored and announced. */
    void afterPending(Runnable announce) {
        put(new Decision(Optional.empty(), announce));
    }

    private void put(Decision decision) {
        if (!thread.running()) {
            LOG.warn("a decision made while stopping is neither stored nor announced: {}", decision.row().map(StorePoint::measurement).orElse("no row"));
            return;
        }
        try {
            queue.put(decision);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void storeAndAnnounce(List<Decision> batch) throws InterruptedException {
        List<StorePoint> rows = new ArrayList<>(batch.size());
        batch.forEach(d -> d.row().ifPresent(rows::add));
        if (!rows.isEmpty() && !writeUntilDurable(rows)) {
            LOG.error("stopping: {} decisions not stored are not announced either", batch.size());
            return;
        }
        batch.forEach(DecisionWriter::announce);
    }

    private static void announce(Decision d) {
        try {
            d.announce().run();
        } catch (RuntimeException e) {
            LOG.error("announcing a stored decision failed", e);
        }
    }

    /**
     * Alerts and verdicts are the product: retried until stored. While stopping, each batch is tried once more.
     * False when the store did not take it (stopping); a row it refuses as bad data counts as handled.
     */
    private boolean writeUntilDurable(List<StorePoint> rows) throws InterruptedException {
        RetryPolicy.Backoff backoff = RetryPolicy.STORE_WRITE.backoff();
        while (true) {
            try {
                store.write(rows);
                batchSizes.record(rows.size());
                return true;
            } catch (StoreException e) {
                if (e.rejectedData()) {
                    return writeOneByOne(rows);
                }
                if (!thread.running()) {
                    LOG.error("stopping with {} alert/verdict rows the store did not take: {}", rows.size(), e.getMessage());
                    return false;
                }
                LOG.warn("cannot store {} alert/verdict rows yet ({}); retrying", rows.size(), e.getMessage());
                backoff.pause();
            }
        }
    }

    /** One refused row must not keep the others of its batch out of the store. */
    private boolean writeOneByOne(List<StorePoint> rows) throws InterruptedException {
        boolean all = true;
        for (StorePoint row : rows) {
            try {
                store.write(List.of(row));
            } catch (StoreException e) {
                if (e.rejectedData()) {
                    LOG.error("the store refused a {} row: {}", row.measurement(), e.getMessage());
                } else {
                    all &= writeUntilDurable(List.of(row));
                }
            }
        }
        return all;
    }

    /** Stores and announces what is queued (within ten seconds), then stops. */
    @Override
    public void close() {
        thread.close();
    }
}
