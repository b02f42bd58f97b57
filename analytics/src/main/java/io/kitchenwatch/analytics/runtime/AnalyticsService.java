package io.kitchenwatch.analytics.runtime;

import java.util.NoSuchElementException;
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
import io.kitchenwatch.devices.bus.OwnershipChanged;
import io.kitchenwatch.devices.bus.SourceProgress;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.status.IngestProgress;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.ToIntBiFunction;

/**
 * Runs the rule engine and the alert book on one thread, fed with messages once they are stored. Every significant
 * alert change is appended to the store (so alerts survive restarts), then published on MQTT and handed to listeners;
 * every batch verdict is stored, then handed on. {@link DecisionWriter} stores them in batches while analysis goes on. The input queue is bounded: when analytics falls behind, {@link #onStored} blocks
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
    /** How often messages waiting for stragglers are checked against the wall clock. */
    private static final long OVERDUE_SWEEP_MS = 100;
    private static final long FLUSH_TIMEOUT_SECONDS = 120;
    /**
     * Cluster mode: one device's messages reach Kafka through several nodes' broker connections, out of the order the
     * device sent them; a message out of sequence waits until every node forwarding its partition has got this much
     * past its arrival (the nodes' clocks are compared: this is the allowance for their skew).
     */
    static final Duration CLUSTER_HOLD = Duration.ofMillis(100);
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
    private final SilenceTimers silence;
    private final IngestProgress progress;
    private final StoredDecisions decisions;
    private final DecisionWriter writer;
    private final Counter verdicts;
    private final Counter analysed;
    private final RuleStateRecovery recovery;
    private final Counter recoveredVerdicts;
    private final Counter recoveredChanges;
    private final Counter redeliveredSkipped;
    private final boolean clustered;
    /** Analytics-thread state while recent history is analysed again at start. */
    private boolean recovering;
    /** Each device's newest message analysed again at start (analytics thread). */
    private final Map<String, Long> replayedUpTo = new HashMap<>();
    /** Recovered alerts published live before {@link #publishRecovered} ran (analytics thread). */
    private final Set<String> publishedLive = new HashSet<>();
    private final List<Alert> recoveredToPublish = new ArrayList<>();
    /** Analytics thread only. */
    private final Redeliveries redeliveries = new Redeliveries();
    private volatile boolean running = true;
    /**
     * Cluster mode: the devices this node owns (analytics thread); empty before the first assignment. A node on its
     * own owns every device.
     */
    private BiPredicate<String, String> owns;
    /** Cluster mode: the partition of a device (analytics thread). */
    private ToIntBiFunction<String, String> partitionOf = (site, device) -> 0;
    /** Cluster mode: how far each forwarding node has got on each owned partition (analytics thread). */
    private final SourceClocks sources = new SourceClocks();

    /**
     * @param progress how far ingest has got through the broker's queue: silence is judged at that time, so messages
     *                 still waiting upstream do not make their devices look offline
     */
    public AnalyticsService(Registry registry, TimeSeriesStore store, Duration lateness, MeterRegistry meters,
                            IngestProgress progress, AlertPublisher publisher, AnalyticsListener listener) {
        this(registry, store, lateness, meters, progress, publisher, listener, false);
    }

    /**
     * @param clustered cluster mode: this node analyses only the devices it owns, learnt from {@link #own}; their rule
     *                  state is rebuilt when it gains them, not at start
     */
    public AnalyticsService(Registry registry, TimeSeriesStore store, Duration lateness, MeterRegistry meters,
                            IngestProgress progress, AlertPublisher publisher, AnalyticsListener listener, boolean clustered) {
        this.owns = clustered ? (site, device) -> false : (site, device) -> true;
        this.clustered = clustered;
        this.store = store;
        this.decisions = new StoredDecisions(store);
        this.writer = new DecisionWriter(store, meters);
        this.registry = registry;
        // silence is judged where analytics has got: progress passes through the same queue as the messages
        this.progress = progress.downstream();
        if (!clustered) {
            progress.onCaughtUp(t -> enqueue(() -> this.progress.caughtUp(t)));
        } // in a cluster, how far every forwarder of the owned partitions has got: their progress marks (progressed)
        this.publisher = publisher;
        this.listener = listener;
        this.engine = new RuleEngine(registry, new ThresholdsCatalog(registry, Thresholds.DEFAULTS), lateness,
                clustered ? CLUSTER_HOLD : Duration.ZERO, this::inputClock, new Sink());
        this.silence = new SilenceTimers(engine, this.progress, queue::offer, () -> running);
        this.verdicts = Counter.builder("kw.batches.judged").description("disinfection batches given a verdict").register(meters);
        this.analysed = Counter.builder("kw.analytics.messages").description("stored messages taken into analysis").register(meters);
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
        registry.onChange(this::registryChanged);
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
        writer.start(); // recovery records what the previous process lost
        if (!clustered) {
            recoverRuleState(device -> true);
        }
        thread.start();
        // what waits for stragglers waits no longer than the lateness on the wall clock either
        silence.every(OVERDUE_SWEEP_MS, () -> queue.offer(() -> engine.releaseOverdue(System.currentTimeMillis())));
    }

    private void restoreAlerts() throws StoreException {
        Map<String, Alert> newest = decisions.newestAlerts();
        newest.values().stream().sorted(Comparator.comparingLong(Alert::opened)).forEach(a -> {
            book.restore(a);
            view.put(a.id(), a);
        });
        if (!newest.isEmpty()) {
            LOG.info("restored {} alerts from the store", newest.size());
        }
    }

    /**
     * Runs before the analytics thread starts (and so, on its behalf). A store that cannot be read back (or fails
     * part way) leaves the engine with what it did read, and the log says so, rather than keeping the node down.
     */
    private void recoverRuleState(Predicate<String> devices) {
        try {
            Map<String, Long> newest = only(recovery.newestPerDevice(), devices);
            Map<String, Long> newestFrames = only(store.newestPerDevice(TimeSeriesStore.FRAMES), devices);
            if (newest.isEmpty() && newestFrames.isEmpty()) {
                return;
            }
            redeliveries.replaying(newest.size());
            recovering = true;
            long replayedAt = System.currentTimeMillis(); // the replay's tail waits for stragglers as if it came now
            RuleStateRecovery.Outcome outcome = recovery.replay(newest, engine::recall, m -> {
                redeliveries.replayed(m);
                replayedUpTo.merge(m.device(), m.ts(), Math::max);
                engine.accept(m, replayedAt);
            });
            // frames are not stored, only that they came: a camera's silence counts from its newest one
            newestFrames.forEach((device, ts) -> registry.device(device).ifPresent(d -> engine.recallFrame(d.site(), device, ts)));
            // an offline verdict a live timer reached is not in the history: take it from the open alert
            view.values().stream().filter(a -> a.type() == AlertType.DEVICE_OFFLINE && !a.isClosed() && !a.cleared())
                    .filter(a -> devices.test(a.device()))
                    .forEach(a -> engine.recallOffline(a.site(), a.device()));
            Map<String, Long> lastHeard = new HashMap<>(newest);
            newestFrames.forEach((device, ts) -> lastHeard.merge(device, ts, Math::max));
            long now = System.currentTimeMillis();
            lastHeard.forEach((device, ts) -> {
                if (!book.judgedSince(device, AlertType.DEVICE_OFFLINE, ts + 1)) {
                    silence.arm(device, now); // a device that died while the node was down is found like a live one
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
            redeliveries.expect();
            silence.later(() -> queue.offer(redeliveries::forget), Redeliveries.WATCH.toMillis());
        }
    }

    private static Map<String, Long> only(Map<String, Long> perDevice, Predicate<String> devices) {
        Map<String, Long> kept = new HashMap<>();
        perDevice.forEach((device, ts) -> {
            if (devices.test(device)) {
                kept.put(device, ts);
            }
        });
        return kept;
    }

    /**
     * Cluster mode: this node now owns the devices {@code change} says. Forgets the state of the devices it lost (their
     * new owner rebuilds it from the store, which holds everything this node took of them), and rebuilds the state of
     * the devices it gained as a restart would: their newest alerts from the store (their previous owner may have
     * changed them), then their recent history analysed again. Completes once done, on the analytics thread.
     */
    public CompletableFuture<Void> own(OwnershipChanged change) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(() -> {
            try {
                BiPredicate<String, String> before = owns;
                owns = change::owns;
                partitionOf = change.partitionOf();
                sources.own(change.partitions());
                Set<String> gained = new HashSet<>();
                int lost = 0;
                for (RegisteredDevice d : registry.devices()) {
                    boolean was = before.test(d.site(), d.id());
                    boolean is = owns.test(d.site(), d.id());
                    if (was && !is) {
                        forget(d.id());
                        lost++;
                    } else if (is && !was) {
                        gained.add(d.id());
                    }
                }
                if (!gained.isEmpty()) {
                    restoreAlertsOf(gained);
                    recoverRuleState(gained::contains);
                    publishRecoveredNow();
                }
                LOG.info("now analysing the devices of partitions {}: {} gained, {} handed over", new java.util.TreeSet<>(change.partitions()),
                        gained.size(), lost);
                if (lost > 0) {
                    // the next owner rebuilds from the store: what was decided of the lost devices must be there first
                    writer.afterPending(() -> done.complete(null));
                } else {
                    done.complete(null);
                }
            } catch (StoreException | RuntimeException e) {
                LOG.error("could not take over the devices of partitions {}: {}", change.partitions(), e.toString());
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void forget(String device) {
        engine.forget(device);
        silence.disarm(device);
        replayedUpTo.remove(device);
    }

    private void restoreAlertsOf(Set<String> devices) throws StoreException {
        decisions.newestAlerts().values().stream().filter(a -> devices.contains(a.device()))
                .sorted(Comparator.comparingLong(Alert::opened)).forEach(a -> {
                    book.restore(a);
                    view.put(a.id(), a);
                });
    }

    /**
     * True when {@code device}'s history up to {@code ts} was analysed again at start: what the engine concludes
     * about that stretch (during recovery, or later when a replayed message leaves the reorder buffer) may already
     * be recorded.
     */
    private boolean replayedAt(String device, long ts) {
        return recovering || ts <= replayedUpTo.getOrDefault(device, Long.MIN_VALUE);
    }

    /**
     * Publishes on MQTT the alerts recovery recorded, once ingest is connected: each one's newest version, unless
     * it has been published live since.
     */
    public void publishRecovered() {
        enqueue(this::publishRecoveredNow);
    }

    /** On the analytics thread. */
    private void publishRecoveredNow() {
        List<Alert> newest = recoveredToPublish.stream().map(Alert::id).distinct().map(view::get)
                .filter(a -> a != null && !publishedLive.contains(a.id())).toList();
        writer.afterPending(() -> newest.forEach(publisher::publish));
        recoveredToPublish.clear();
        publishedLive.clear();
    }

    /** Cluster mode: how far every node forwarding the device's partition has got (analytics thread). */
    private long inputClock(String site, String device) {
        return clustered ? sources.upTo(partitionOf.applyAsInt(site, device)) : Long.MAX_VALUE;
    }

    /** Called by the store writer once a message is durable; blocks while analytics is a full queue behind. */
    public void onStored(DeviceMessage message) {
        onStored(message, System.currentTimeMillis());
    }

    /**
     * @param arrival when the message arrived: on one node, now; in a cluster, when its forwarder received it, which
     *                its forwarder's progress marks are compared with
     */
    public void onStored(DeviceMessage message, long arrival) {
        long taken = System.currentTimeMillis();
        try {
            queue.put(() -> {
                if (!owns.test(message.site(), message.device())) {
                    return; // stored as ownership moved: its new owner analyses it from the store
                }
                analysed.increment();
                if (redeliveries.isRedelivery(message)) {
                    redeliveredSkipped.increment();
                } else {
                    engine.accept(message, arrival);
                }
                silence.arm(message.device(), taken);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cluster mode: forwarders' progress marks, read after the messages handed in before them. */
    public void progressed(List<SourceProgress> marks) {
        if (!marks.isEmpty()) {
            enqueue(() -> {
                marks.forEach(sources::mark);
                long upTo = sources.slowest();
                if (upTo != Long.MIN_VALUE && upTo != Long.MAX_VALUE) {
                    progress.caughtUp(upTo); // silence is judged no further than every forwarder has got
                }
            });
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
            queue.put(() -> findings.stream().filter(f -> owns.test(f.site(), f.device()))
                    .forEach(f -> book.apply(f).ifPresent(this::record)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The registry changed: the open alerts of devices it no longer lists at their site are closed with a note (their
     * history stays); on the analytics thread, after what it was doing.
     */
    private void registryChanged(Registry changed) {
        try {
            queue.put(() -> {
                long now = System.currentTimeMillis();
                for (Alert a : List.copyOf(view.values())) {
                    if (!a.isClosed() && a.type() != AlertType.DEVICE_UNREGISTERED && owns.test(a.site(), a.device())
                            && changed.device(a.device()).filter(d -> d.site().equals(a.site())).isEmpty()) {
                        book.closeRetired(a.id(), "device retired from the registry", now).ifPresent(this::record);
                    }
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A person moves an alert along the loop; completes with the changed alert, or fails with 404/409 causes. */
    public CompletableFuture<Alert> act(String id, AlertAction action, String by, String note) {
        CompletableFuture<Alert> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                Alert current = view.get(id);
                if (current != null && !owns.test(current.site(), current.device())) {
                    throw new NotOwnedException("alert " + id + " belongs to a device another node of the cluster analyses: act on that node");
                }
                AlertChange change = book.act(id, action, by, note, System.currentTimeMillis());
                record(change, () -> result.complete(change.alert()));
            } catch (IllegalTransitionException | NoSuchElementException | NotOwnedException e) {
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
    /** Cluster mode: this node analyses only the devices of its partitions. */
    public boolean clustered() {
        return clustered;
    }

    public Collection<Alert> alerts() {
        return List.copyOf(view.values());
    }

    public Optional<Alert> alert(String id) {
        return Optional.ofNullable(view.get(id));
    }

    /** For replays and tests: analyse whatever still waits for stragglers, and wait until it is stored and announced. */
    public void flush() throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.put(() -> {
            engine.flush();
            writer.afterPending(() -> done.complete(null));
        });
        try {
            done.get(FLUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("analytics did not flush within " + FLUSH_TIMEOUT_SECONDS + " s", e);
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
                if (decisions.verdictStored(v)) {
                    return;
                }
                if (recovering) {
                    recoveredVerdicts.increment();
                }
            }
            verdicts.increment();
            writer.submit(StoredDecisions.verdictRow(v), () -> listener.batchJudged(v));
        }
    }

    private void record(AlertChange change) {
        record(change, () -> { });
    }

    /** Shows the change in the view at once; stores it, then publishes it and runs {@code confirmed}, in order. */
    private void record(AlertChange change, Runnable confirmed) {
        Alert a = change.alert();
        view.put(a.id(), a);
        if (!change.significant()) {
            writer.afterPending(() -> {
                listener.alertChanged(change);
                confirmed.run();
            });
            return;
        }
        boolean publishNow = !recovering; // what recovery recorded is published once ingest is connected
        if (recovering) {
            recoveredChanges.increment();
            recoveredToPublish.add(a);
        } else if (!recoveredToPublish.isEmpty()) {
            publishedLive.add(a.id());
        }
        writer.submit(decisions.alertRow(a), () -> {
            if (publishNow) {
                publisher.publish(a);
            }
            listener.alertChanged(change);
            confirmed.run();
        });
    }

    @Override
    public void close() {
        running = false;
        silence.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }
}
