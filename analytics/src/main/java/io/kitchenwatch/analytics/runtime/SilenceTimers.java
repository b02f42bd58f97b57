package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.analytics.engine.RuleEngine;
import io.kitchenwatch.ingest.status.IngestProgress;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The live side of the offline rule: each device's silence deadline and the timer that checks it. Deadlines are kept
 * and judged on the analytics thread (checks travel through its queue); the timer thread only offers them there.
 */
final class SilenceTimers implements AutoCloseable {
    private static final long RECHECK_MIN_MS = 100;
    private final RuleEngine engine;
    private final IngestProgress progress;
    private final Predicate<Runnable> analyticsQueue;
    private final BooleanSupplier running;
    /** One thread; a re-armed timer's old task leaves the queue at once (one per message would pile up otherwise). */
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "kw-silence-timers");
        t.setDaemon(true);
        return t;
    });
    /** All three touched on the analytics thread only. */
    private final Map<String, ScheduledFuture<?>> pending = new HashMap<>();
    private final Map<String, Long> deadlines = new HashMap<>();
    /**
     * Deadlines the wall clock has passed and ingest has not yet reached, soonest first: one sweep takes those ingest
     * has reached since. (A recheck timer each made a province's 100,000 devices 100,000 checks a second while ingest
     * was behind, which kept it behind.)
     */
    private final PriorityQueue<Waiting> awaitingIngest = new PriorityQueue<>(Comparator.comparingLong(Waiting::deadline));
    private final AtomicInteger awaiting = new AtomicInteger();

    private record Waiting(long deadline, String device) {
    }

    /**
     * @param progress       how far analytics has got through ingest's progress: silence is judged at that time
     * @param analyticsQueue offers a task to the analytics thread without blocking; false when the queue is full
     */
    SilenceTimers(RuleEngine engine, IngestProgress progress, Predicate<Runnable> analyticsQueue, BooleanSupplier running) {
        this.engine = engine;
        this.progress = progress;
        this.analyticsQueue = analyticsQueue;
        this.running = running;
        timers.setRemoveOnCancelPolicy(true);
        every(RECHECK_MIN_MS, () -> {
            if (awaiting.get() > 0) {
                analyticsQueue.test(this::sweep);
            }
        });
    }

    /** The device was heard at {@code arrival} (wall clock): its deadline moves to when that silence makes it offline. */
    void arm(String device, long arrival) {
        long deadline = engine.offlineFrom(device, arrival);
        deadlines.put(device, deadline);
        schedule(device, deadline, deadline - System.currentTimeMillis());
    }

    /** The device is no longer watched here (cluster mode: another node owns it now). */
    void disarm(String device) {
        deadlines.remove(device);
        ScheduledFuture<?> timer = pending.remove(device);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** Runs {@code task} on the timer thread after {@code delayMs} (nothing once closing). */
    void later(Runnable task, long delayMs) {
        try {
            timers.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // shutting down
        }
    }

    /** Runs {@code task} on the timer thread every {@code periodMs} until closed; it must not block. */
    void every(long periodMs, Runnable task) {
        try {
            timers.scheduleWithFixedDelay(task, periodMs, periodMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // shutting down
        }
    }

    private void schedule(String device, long deadline, long delayMs) {
        ScheduledFuture<?> next;
        try {
            next = timers.schedule(() -> offerCheck(device, deadline), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            return;
        }
        ScheduledFuture<?> previous = pending.put(device, next);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** On the timer thread: never blocks it; a full analytics queue only postpones the check. */
    private void offerCheck(String device, long deadline) {
        if (!analyticsQueue.test(() -> check(device, deadline)) && running.getAsBoolean()) {
            later(() -> offerCheck(device, deadline), 1_000);
        }
    }

    /**
     * The wall clock has passed a device's deadline; it is silent only once ingest has got that far too. Until then
     * the check comes back when ingest, advancing at wall-clock pace, could have reached the deadline.
     */
    private void check(String device, long deadline) {
        Long current = deadlines.get(device);
        if (current == null || current != deadline) {
            return; // a newer message moved the deadline
        }
        pending.remove(device);
        long judgedAt = progress.judgementTime(System.currentTimeMillis());
        if (judgedAt >= deadline) {
            deadlines.remove(device);
            engine.deviceSilent(device, deadline);
        } else {
            // progress moves faster than the wall clock while a backlog drains: the next sweep looks again
            awaitingIngest.add(new Waiting(deadline, device));
            awaiting.set(awaitingIngest.size());
        }
    }

    /** On the analytics thread: the waiting deadlines ingest has reached, each checked once more. */
    private void sweep() {
        long judgedAt = progress.judgementTime(System.currentTimeMillis());
        while (!awaitingIngest.isEmpty() && awaitingIngest.peek().deadline() <= judgedAt) {
            Waiting w = awaitingIngest.poll();
            Long current = deadlines.get(w.device());
            if (current != null && current == w.deadline()) {
                deadlines.remove(w.device());
                engine.deviceSilent(w.device(), w.deadline());
            }
        }
        awaiting.set(awaitingIngest.size());
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
