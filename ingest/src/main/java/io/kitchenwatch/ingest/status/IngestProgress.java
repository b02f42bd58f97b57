package io.kitchenwatch.ingest.status;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far ingest has got through what the broker holds for it: the broker-side time up to which every message has
 * been stored and handed on (learnt from probes that travel the broker's queue behind the devices' messages).
 * Silence is judged at that time, not at the wall clock, so a backlog waiting in the broker (a burst, a store outage,
 * a restart) does not make devices look offline. When ingest falls more than {@link #MAX_LAG} behind (or probes do
 * not come back at all), judgement follows the wall clock minus that bound, so that a real silence is still found:
 * beyond that bound, devices whose messages are still waiting are judged offline too (an outage of more than 10
 * minutes can open {@code device_offline} for the whole fleet, cleared as their messages arrive).
 */
public final class IngestProgress {
    /** Beyond this lag devices are judged as if ingest were this far behind (and /health says it is behind). */
    public static final Duration MAX_LAG = Duration.ofMinutes(10);
    private final AtomicLong caughtUpTo;
    private final boolean tracked;
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();

    private IngestProgress(long start, boolean tracked) {
        this.caughtUpTo = new AtomicLong(start);
        this.tracked = tracked;
    }

    /** Progress learnt from probes, starting as caught up at {@code start} (epoch ms). */
    public static IngestProgress trackedFrom(long start) {
        return new IngestProgress(start, true);
    }

    /** For an analysis fed in-process with nothing queued upstream: judgement is the wall clock. */
    public static IngestProgress wallClock() {
        return new IngestProgress(0, false);
    }

    /** Every message the broker took before {@code brokerTime} (epoch ms) is stored and handed on. */
    public void caughtUp(long brokerTime) {
        caughtUpTo.accumulateAndGet(brokerTime, Math::max);
        listeners.forEach(l -> l.accept(brokerTime));
    }

    /**
     * Tells {@code listener} of each advance, on the thread that stored the messages before it, right after they were
     * handed on: a stage with its own queue (analytics) passes it through that queue to learn how far it has got.
     */
    public void onCaughtUp(LongConsumer listener) {
        listeners.add(listener);
    }

    /** A progress of the same kind that starts now: tracked if this one is. */
    public IngestProgress downstream() {
        return new IngestProgress(System.currentTimeMillis(), tracked);
    }

    /** The time at which silence is judged now: how far ingest has got, bounded by {@link #MAX_LAG} and by now. */
    public long judgementTime(long now) {
        if (!tracked) {
            return now;
        }
        return Math.min(now, Math.max(caughtUpTo.get(), now - MAX_LAG.toMillis()));
    }

    /** How far ingest is behind the broker (zero when untracked). */
    public Duration lag(long now) {
        return tracked ? Duration.ofMillis(Math.max(0, now - caughtUpTo.get())) : Duration.ZERO;
    }
}
