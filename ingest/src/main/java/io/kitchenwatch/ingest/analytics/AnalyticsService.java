package io.kitchenwatch.ingest.analytics;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertAction;
import io.kitchenwatch.analytics.alerts.AlertBook;
import io.kitchenwatch.analytics.alerts.AlertChange;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.analytics.alerts.IllegalTransitionException;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.kitchenwatch.analytics.engine.AnalyticsSink;
import io.kitchenwatch.analytics.engine.RuleEngine;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.status.IngestProgress;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the rule engine and the alert book on one thread, fed with messages once they are stored. Every significant
 * alert change is appended to the store (so alerts survive restarts), published on MQTT and handed to listeners;
 * every batch verdict is stored. The input queue is bounded: when analytics falls behind, {@link #onStored} blocks
 * the store writer and so, in turn, MQTT intake (policy: block the producer), so no message escapes analysis.
 */
public final class AnalyticsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsService.class);
    private static final int QUEUE_CAPACITY = 50_000;
    private static final long RESTORE_LIMIT = 10_000_000;
    private static final long SILENCE_RECHECK_MIN_MS = 100;
    private static final long SILENCE_RECHECK_MAX_MS = 1_000;

    /** Sends an alert change to MQTT ({@code kw/alerts/{site}/{device}}). */
    public interface AlertPublisher {
        void publish(Alert alert);
    }

    private final TimeSeriesStore store;
    private final AlertPublisher publisher;
    private final Consumer<Alert> listener;
    private final RuleEngine engine;
    private final AlertBook book = new AlertBook();
    private final Map<String, Alert> view = new ConcurrentHashMap<>();
    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private final ScheduledExecutorService timers = silenceTimerPool();
    /** Both touched on the analytics thread only: each device's silence deadline and the timer that checks it. */
    private final Map<String, ScheduledFuture<?>> silenceTimers = new HashMap<>();
    private final Map<String, Long> silenceDeadlines = new HashMap<>();
    private final IngestProgress progress;
    private final Map<String, Long> lastChangeTs = new HashMap<>();
    private final Counter verdicts;
    private volatile boolean running = true;

    /**
     * @param progress how far ingest has got through the broker's queue: silence is judged at that time, so messages
     *                 still waiting upstream do not make their devices look offline
     */
    public AnalyticsService(Registry registry, TimeSeriesStore store, Duration lateness, MeterRegistry meters,
                            IngestProgress progress, AlertPublisher publisher, Consumer<Alert> listener) {
        this.store = store;
        // silence is judged where analytics has got: progress passes through the same queue as the messages
        this.progress = progress.downstream();
        progress.onCaughtUp(t -> enqueue(() -> this.progress.caughtUp(t)));
        this.publisher = publisher;
        this.listener = listener;
        this.engine = new RuleEngine(registry, new ThresholdsCatalog(registry, Thresholds.DEFAULTS), lateness, new Sink());
        this.verdicts = Counter.builder("kw.batches.judged").description("disinfection batches given a verdict").register(meters);
        Gauge.builder("kw.analytics.queue.depth", queue::size).description("stored messages waiting for analysis (bounded; full blocks intake)").register(meters);
        Gauge.builder("kw.alerts.open", view, v -> v.values().stream().filter(a -> !a.isClosed()).count())
                .description("alerts not yet closed").register(meters);
        this.thread = daemon(this::run, "kw-analytics");
    }

    /** One thread; a re-armed timer's old task leaves the queue at once (one per message would pile up otherwise). */
    private static ScheduledExecutorService silenceTimerPool() {
        java.util.concurrent.ScheduledThreadPoolExecutor pool = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> daemon(r, "kw-silence-timers"));
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Rebuilds the alert book from the store (newest version of each alert), then starts analysing. */
    public void start() throws StoreException {
        List<String> saved = store.payloads(TimeSeriesStore.ALERTS, Map.of(), 0, System.currentTimeMillis() + 86_400_000L, (int) Math.min(Integer.MAX_VALUE, RESTORE_LIMIT));
        Map<String, Alert> newest = new HashMap<>();
        for (String json : saved) { // oldest first, so the last version of each id is its newest
            try {
                Alert a = AlertCodec.fromJson(new JsonObject(json));
                newest.put(a.id(), a);
            } catch (RuntimeException e) {
                LOG.warn("skipping an unreadable stored alert: {}", e.toString());
            }
        }
        newest.values().stream().sorted(Comparator.comparingLong(Alert::opened)).forEach(a -> {
            book.restore(a);
            view.put(a.id(), a);
        });
        if (!newest.isEmpty()) {
            LOG.info("restored {} alerts from the store", newest.size());
        }
        thread.start();
    }

    /** Called by the store writer once a message is durable; blocks while analytics is a full queue behind. */
    public void onStored(DeviceMessage message) {
        long arrival = System.currentTimeMillis();
        try {
            queue.put(() -> {
                engine.accept(message);
                armSilenceTimer(message.device(), arrival);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Runnable task) {
        try {
            queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Findings made elsewhere (camera analysis) join the alert book on the analytics thread. */
    public void submitFindings(List<Finding> findings) {
        try {
            queue.put(() -> findings.forEach(f -> book.apply(f).ifPresent(this::record)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A person moves an alert along the loop; completes with the changed alert, or fails with 404/409 causes. */
    public CompletableFuture<Alert> act(String id, AlertAction action, String by, String note) {
        CompletableFuture<Alert> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                AlertChange change = book.act(id, action, by, note, System.currentTimeMillis());
                record(change);
                result.complete(change.alert());
            } catch (IllegalTransitionException | java.util.NoSuchElementException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (!queue.offer(task)) {
            result.completeExceptionally(new IllegalStateException("analytics is busy; try again"));
        }
        return result;
    }

    /** A snapshot of every alert (safe from any thread). */
    public Collection<Alert> alerts() {
        return List.copyOf(view.values());
    }

    public java.util.Optional<Alert> alert(String id) {
        return java.util.Optional.ofNullable(view.get(id));
    }

    /** For replays and tests: analyse whatever still waits for stragglers, and wait until it is done. */
    public void flush() throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.put(() -> {
            engine.flush();
            done.complete(null);
        });
        done.join();
    }

    private void armSilenceTimer(String device, long arrival) {
        long deadline = arrival + engine.silenceLimit(device).toMillis();
        silenceDeadlines.put(device, deadline);
        scheduleSilenceCheck(device, deadline, deadline - System.currentTimeMillis());
    }

    private void scheduleSilenceCheck(String device, long deadline, long delayMs) {
        ScheduledFuture<?> next;
        try {
            next = timers.schedule(() -> offerSilenceCheck(device, deadline), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            return;
        }
        ScheduledFuture<?> previous = silenceTimers.put(device, next);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** On the timer thread: never blocks it; a full analytics queue only postpones the check. */
    private void offerSilenceCheck(String device, long deadline) {
        if (!queue.offer(() -> checkSilence(device, deadline)) && running) {
            try {
                timers.schedule(() -> offerSilenceCheck(device, deadline), 1, TimeUnit.SECONDS);
            } catch (RejectedExecutionException closing) {
                // shutting down: silence is judged again after the restart
            }
        }
    }

    /**
     * The wall clock has passed a device's deadline; it is silent only once ingest has got that far too. Until then
     * the check comes back when ingest, advancing at wall-clock pace, could have reached the deadline.
     */
    private void checkSilence(String device, long deadline) {
        Long current = silenceDeadlines.get(device);
        if (current == null || current != deadline) {
            return; // a newer message moved the deadline
        }
        long judgedAt = progress.judgementTime(System.currentTimeMillis());
        if (judgedAt >= deadline) {
            silenceDeadlines.remove(device);
            silenceTimers.remove(device);
            engine.deviceSilent(device, deadline);
        } else {
            // progress moves faster than the wall clock while a backlog drains: look again soon, not a lag later
            scheduleSilenceCheck(device, deadline, Math.min(SILENCE_RECHECK_MAX_MS, Math.max(SILENCE_RECHECK_MIN_MS, deadline - judgedAt)));
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                Runnable task = queue.poll(200, TimeUnit.MILLISECONDS);
                if (task != null) {
                    task.run();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                LOG.error("analytics task failed", e);
            }
        }
    }

    private final class Sink implements AnalyticsSink {
        @Override
        public void finding(Finding finding) {
            book.apply(finding).ifPresent(AnalyticsService.this::record);
        }

        @Override
        public void verdict(BatchVerdict v) {
            verdicts.increment();
            persist(new StorePoint(TimeSeriesStore.BATCHES,
                    Map.of("site", v.site(), "device", v.device(), "verdict", v.verdict().wireName()),
                    Map.of(TimeSeriesStore.PAYLOAD, AlertCodec.toJson(v).encode(), "batch", v.batch()), v.end()));
        }
    }

    private void record(AlertChange change) {
        Alert a = change.alert();
        view.put(a.id(), a);
        if (!change.significant()) {
            return;
        }
        // one row per change; the time is the change's, nudged so two changes of one alert never share a timestamp
        long ts = Math.max(a.updated(), lastChangeTs.getOrDefault(a.id(), Long.MIN_VALUE) + 1);
        lastChangeTs.put(a.id(), ts);
        persist(new StorePoint(TimeSeriesStore.ALERTS,
                Map.of("site", a.site(), "device", a.device(), "type", a.type().wireName(), "alert", a.id(), "state", a.state().wireName()),
                Map.of(TimeSeriesStore.PAYLOAD, AlertCodec.toJson(a).encode()), ts));
        publisher.publish(a);
        listener.accept(a);
    }

    /** Alerts and verdicts are the product: retry until the store takes them (intake waits meanwhile). */
    private void persist(StorePoint point) {
        long backoff = 100;
        while (running) {
            try {
                store.write(List.of(point));
                return;
            } catch (StoreException e) {
                if (e.rejectedData()) {
                    LOG.error("the store refused a {} row: {}", point.measurement(), e.getMessage());
                    return;
                }
                LOG.warn("cannot store a {} row yet ({}); retrying", point.measurement(), e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        timers.shutdownNow();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
