package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.devices.retry.RetryPolicy;
import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertAction;
import io.kitchenwatch.analytics.alerts.AlertBook;
import io.kitchenwatch.analytics.alerts.AlertChange;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.analytics.alerts.IllegalTransitionException;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.kitchenwatch.analytics.engine.AnalyticsSink;
import io.kitchenwatch.analytics.engine.RuleEngine;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.Reading;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
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

/**
 * Runs the rule engine and the alert book on one thread, fed with messages once they are stored. Every significant
 * alert change is appended to the store (so alerts survive restarts), published on MQTT and handed to listeners;
 * every batch verdict is stored. The input queue is bounded: when analytics falls behind, {@link #onStored} blocks
 * the store writer and so, in turn, MQTT intake (policy: block the producer), so no message escapes analysis.
 * <p>
 * Messages are acknowledged once stored, before they are analysed, so a crash can take analysis with it. On start
 * the engine's state is rebuilt by analysing recent stored history again ({@link RuleStateRecovery}): a verdict whose
 * batch the store already judged, or a finding the restored alert book already took in, is dropped; the rest was
 * lost with the process and is recorded now. Messages the broker delivers again because their acknowledgement died
 * with the process are not analysed twice.
 */
public final class AnalyticsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsService.class);
    private static final int QUEUE_CAPACITY = 50_000;
    private static final long RESTORE_LIMIT = 10_000_000;
    private static final long SILENCE_RECHECK_MIN_MS = 100;
    private static final long SILENCE_RECHECK_MAX_MS = 1_000;
    /**
     * Redelivered messages come first after a restart: how long to look out for them, and how many replayed messages
     * to recognise them by (each device's newest, shared out over the devices).
     */
    private static final Duration REDELIVERY_WATCH = Duration.ofMinutes(10);
    private static final int REDELIVERY_KEYS = 200_000;

    /** Sends an alert change to MQTT ({@code kw/alerts/{site}/{device}}). */
    public interface AlertPublisher {
        void publish(Alert alert);
    }

    private final TimeSeriesStore store;
    private final Registry registry;
    private final AlertPublisher publisher;
    private final AnalyticsListener listener;
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
    private final RuleStateRecovery recovery;
    private final Counter recoveredVerdicts;
    private final Counter recoveredChanges;
    private final Counter redeliveredSkipped;
    /** Analytics-thread state while recent history is analysed again at start. */
    private boolean recovering;
    /** Each device's newest message analysed again at start (analytics thread). */
    private final Map<String, Long> replayedUpTo = new HashMap<>();
    /** Recovered alerts published live before {@link #publishRecovered} ran (analytics thread). */
    private final Set<String> publishedLive = new HashSet<>();
    private final List<Alert> recoveredToPublish = new ArrayList<>();
    /** Messages analysed again at start, so their redelivery is not analysed a second time; dropped after a while. */
    private Set<ReplayedMessage> replayed = Set.of();
    private volatile boolean running = true;

    private record ReplayedMessage(String device, long ts, String what, long seq) {
        static ReplayedMessage of(DeviceMessage m) {
            String what = m instanceof DeviceEvent e ? e.type() : m.getClass().getSimpleName();
            long seq = m instanceof Reading r ? r.seq().orElse(-1) : m instanceof DeviceEvent e ? e.seq().orElse(-1) : -1;
            return new ReplayedMessage(m.device(), m.ts(), what, seq);
        }
    }

    /**
     * @param progress how far ingest has got through the broker's queue: silence is judged at that time, so messages
     *                 still waiting upstream do not make their devices look offline
     */
    public AnalyticsService(Registry registry, TimeSeriesStore store, Duration lateness, MeterRegistry meters,
                            IngestProgress progress, AlertPublisher publisher, AnalyticsListener listener) {
        this.store = store;
        this.registry = registry;
        // silence is judged where analytics has got: progress passes through the same queue as the messages
        this.progress = progress.downstream();
        progress.onCaughtUp(t -> enqueue(() -> this.progress.caughtUp(t)));
        this.publisher = publisher;
        this.listener = listener;
        this.engine = new RuleEngine(registry, new ThresholdsCatalog(registry, Thresholds.DEFAULTS), lateness, new Sink());
        this.verdicts = Counter.builder("kw.batches.judged").description("disinfection batches given a verdict").register(meters);
        this.recovery = new RuleStateRecovery(store, registry, lateness);
        this.recoveredVerdicts = Counter.builder("kw.analytics.recovered.verdicts")
                .description("verdicts found at start by analysing stored history again (lost with the previous process)").register(meters);
        this.recoveredChanges = Counter.builder("kw.analytics.recovered.alert.changes")
                .description("alert changes found at start by analysing stored history again (lost with the previous process)").register(meters);
        this.redeliveredSkipped = Counter.builder("kw.analytics.redelivered.skipped")
                .description("messages the broker delivered again after a restart, already analysed from the store").register(meters);
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

    /**
     * Rebuilds the alert book from the store (newest version of each alert) and the rule engine's state from recent
     * stored history, then starts analysing.
     */
    public void start() throws StoreException {
        try {
            store.awaitWritesReadable(Duration.ofSeconds(60)); // what the previous process recorded last, too
        } catch (StoreException e) {
            LOG.error("the store may not show everything written before this start: {}", e.getMessage());
        }
        restoreAlerts();
        recoverRuleState();
        thread.start();
    }

    private void restoreAlerts() throws StoreException {
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
            lastChangeTs.put(a.id(), a.updated());
        });
        if (!newest.isEmpty()) {
            LOG.info("restored {} alerts from the store", newest.size());
        }
    }

    /**
     * Runs before the analytics thread starts (and so, on its behalf). A store that cannot be read back (or fails
     * part way) leaves the engine with what it did read, and the log says so, rather than keeping the node down.
     */
    private void recoverRuleState() {
        Map<String, java.util.ArrayDeque<ReplayedMessage>> newestReplayed = new HashMap<>();
        try {
            Map<String, Long> newest = recovery.newestPerDevice();
            Map<String, Long> newestFrames = store.newestPerDevice(TimeSeriesStore.FRAMES);
            if (newest.isEmpty() && newestFrames.isEmpty()) {
                return;
            }
            // what the broker delivers again is what each device sent last: keep each device's newest replayed ones
            int perDevice = Math.max(8, REDELIVERY_KEYS / Math.max(1, newest.size()));
            recovering = true;
            RuleStateRecovery.Outcome outcome = recovery.replay(newest, engine::recall, m -> {
                java.util.ArrayDeque<ReplayedMessage> tail = newestReplayed.computeIfAbsent(m.device(), d -> new java.util.ArrayDeque<>());
                if (tail.size() == perDevice) {
                    tail.removeFirst(); // a device's history comes oldest first
                }
                tail.addLast(ReplayedMessage.of(m));
                replayedUpTo.merge(m.device(), m.ts(), Math::max);
                engine.accept(m);
            });
            // frames are not stored, only that they came: a camera's silence counts from its newest one
            newestFrames.forEach((device, ts) -> registry.device(device).ifPresent(d -> engine.recallFrame(d.site(), device, ts)));
            // an offline verdict a live timer reached is not in the history: take it from the open alert
            view.values().stream().filter(a -> a.type() == AlertType.DEVICE_OFFLINE && !a.isClosed() && !a.cleared())
                    .forEach(a -> engine.recallOffline(a.site(), a.device()));
            Map<String, Long> lastHeard = new HashMap<>(newest);
            newestFrames.forEach((device, ts) -> lastHeard.merge(device, ts, Math::max));
            long now = System.currentTimeMillis();
            lastHeard.forEach((device, ts) -> {
                if (!book.judgedSince(device, AlertType.DEVICE_OFFLINE, ts + 1)) {
                    armSilenceTimer(device, now); // a device that died while the node was down is found like a live one
                }
            });
            LOG.info("rebuilt the rules' state from {} stored messages of {} devices ({} of history each) in {} ms; "
                            + "{} verdicts and {} alert changes were lost with the previous process and are recorded now",
                    outcome.messages(), outcome.devices(), recovery.window(), outcome.millis(),
                    (long) recoveredVerdicts.count(), (long) recoveredChanges.count());
        } catch (StoreException | RuntimeException e) {
            LOG.error("could not rebuild the rules' state from the store; analysis starts from what was read: {}", e.toString());
        } finally {
            recovering = false;
            Set<ReplayedMessage> seen = new HashSet<>();
            newestReplayed.values().forEach(seen::addAll);
            replayed = seen;
            timers.schedule(() -> queue.offer(() -> replayed = Set.of()), REDELIVERY_WATCH.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * True when {@code device}'s history up to {@code ts} was analysed again at start: what the engine concludes
     * about that stretch (during recovery, or later when a replayed message leaves the reorder buffer) may already
     * be recorded.
     */
    private boolean replayedAt(String device, long ts) {
        return recovering || ts <= replayedUpTo.getOrDefault(device, Long.MIN_VALUE);
    }

    /** Whether the store already holds this batch's verdict (looked up only for batches a restart analysed again). */
    private boolean alreadyJudged(BatchVerdict v) {
        try {
            String key = batchKey(AlertCodec.toJson(v));
            return store.payloads(TimeSeriesStore.BATCHES, Map.of("device", v.device()), v.end(), v.end() + 1, 100).stream()
                    .anyMatch(json -> batchKey(new JsonObject(json)).equals(key));
        } catch (StoreException | RuntimeException e) {
            LOG.warn("cannot tell whether batch {} of {} was judged before the restart; judging it: {}", v.batch(), v.device(), e.toString());
            return false;
        }
    }

    private static String batchKey(JsonObject verdict) {
        return verdict.getString("device") + "\u0000" + verdict.getString("batch") + "\u0000" + verdict.getLong("start");
    }

    /**
     * Publishes on MQTT the alerts recovery recorded, once ingest is connected: each one's newest version, unless
     * it has been published live since.
     */
    public void publishRecovered() {
        enqueue(() -> {
            recoveredToPublish.stream().map(Alert::id).distinct().map(view::get)
                    .filter(a -> a != null && !publishedLive.contains(a.id())).forEach(publisher::publish);
            recoveredToPublish.clear();
            publishedLive.clear();
        });
    }

    /** Called by the store writer once a message is durable; blocks while analytics is a full queue behind. */
    public void onStored(DeviceMessage message) {
        long arrival = System.currentTimeMillis();
        try {
            queue.put(() -> {
                if (!replayed.isEmpty() && replayed.remove(ReplayedMessage.of(message))) {
                    redeliveredSkipped.increment();
                } else {
                    engine.accept(message);
                }
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
        long deadline = engine.offlineFrom(device, arrival);
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
            if (replayedAt(finding.device(), finding.ts()) && book.reflects(finding)) {
                return;
            }
            book.apply(finding).ifPresent(AnalyticsService.this::record);
        }

        @Override
        public void verdict(BatchVerdict v) {
            if (replayedAt(v.device(), v.end())) {
                if (alreadyJudged(v)) {
                    return;
                }
                if (recovering) {
                    recoveredVerdicts.increment();
                }
            }
            verdicts.increment();
            persist(new StorePoint(TimeSeriesStore.BATCHES,
                    Map.of("site", v.site(), "device", v.device(), "verdict", v.verdict().wireName()),
                    Map.of(TimeSeriesStore.PAYLOAD, AlertCodec.toJson(v).encode(), "batch", v.batch()), v.end()));
            listener.batchJudged(v);
        }
    }

    private void record(AlertChange change) {
        Alert a = change.alert();
        view.put(a.id(), a);
        if (!change.significant()) {
            listener.alertChanged(change);
            return;
        }
        // one row per change; the time is the change's, nudged so two changes of one alert never share a timestamp
        long ts = Math.max(a.updated(), lastChangeTs.getOrDefault(a.id(), Long.MIN_VALUE) + 1);
        lastChangeTs.put(a.id(), ts);
        persist(new StorePoint(TimeSeriesStore.ALERTS,
                Map.of("site", a.site(), "device", a.device(), "type", a.type().wireName(), "alert", a.id(), "state", a.state().wireName()),
                Map.of(TimeSeriesStore.PAYLOAD, AlertCodec.toJson(a).encode()), ts));
        if (recovering) {
            recoveredChanges.increment();
            recoveredToPublish.add(a);
        } else {
            publisher.publish(a);
            if (!recoveredToPublish.isEmpty()) {
                publishedLive.add(a.id());
            }
        }
        listener.alertChanged(change);
    }

    /**
     * Alerts and verdicts are the product: retry until the store takes them (intake waits meanwhile). A change made
     * while closing is still written once: the view already shows it, so it must not vanish at the restart.
     */
    private void persist(StorePoint point) {
        RetryPolicy.Backoff backoff = RetryPolicy.STORE_WRITE.backoff();
        do {
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
                    backoff.pause();
                } catch (InterruptedException ie) {
                    return;
                }
            }
        } while (running);
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
