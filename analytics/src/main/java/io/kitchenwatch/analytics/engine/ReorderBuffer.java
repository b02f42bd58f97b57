package io.kitchenwatch.analytics.engine;

import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.Reading;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * Puts one device's readings and events back in event-time order. A message is released at once when nothing can
 * precede it: it continues the device's sequence ({@code seq} one above the last released) and comes before
 * everything waiting. Otherwise it waits until a message at least {@code latenessMs} newer has arrived, until it has
 * waited {@code latenessMs} on the wall clock ({@link #releaseOverdue}), or until {@link #drain}. A device that sends
 * events without a {@code seq} gets no early release for its readings: such an event could still be on its way.
 * At equal times a cycle start comes first and a cycle end last, so a reading at the start or end instant belongs to
 * its batch. A message older than what was already released is released at once and counted as late.
 * <p>
 * With a hold (cluster mode), a message that does not continue the sequence also waits at least {@code holdMs} on the
 * wall clock after it reached analytics: one device's messages then come through two nodes' broker connections and
 * Kafka, a few milliseconds out of their order, and a newer message must not push an older one out before it is in.
 */
final class ReorderBuffer {
    /** For messages whose arrival is not known (replays): they never fall due on the wall clock. */
    static final long ARRIVAL_UNKNOWN = Long.MAX_VALUE;
    private final long latenessMs;
    private final long holdMs;
    /** Event-time order with the tie rules above (messages without a sequence number keep their given order). */
    static final Comparator<DeviceMessage> EVENT_ORDER = Comparator.comparingLong(DeviceMessage::ts)
            .thenComparingInt(ReorderBuffer::rank).thenComparingLong(m -> sequence(m).orElse(Long.MAX_VALUE / 2));
    private static final Comparator<Entry> ENTRY_ORDER = Comparator.comparingLong(Entry::ts)
            .thenComparingInt(Entry::rank).thenComparingLong(Entry::order);
    private final PriorityQueue<Entry> queue = new PriorityQueue<>(ENTRY_ORDER);
    private long maxTs = Long.MIN_VALUE;
    private long releasedUpTo = Long.MIN_VALUE;
    private long arrivals;
    private long late;
    private long early;
    /** The sequence number of the newest released message that had one; meaningful once {@code chained}. */
    private long lastSeq;
    private boolean chained;
    /** This device sends events without a sequence number, so a gap-free sequence does not prove nothing is missing. */
    private boolean unsequencedEvents;

    /** Waiting entries in arrival order (arrivals only grow), so the wall-clock sweep reads only what fell due. */
    private final ArrayDeque<Entry> byArrival = new ArrayDeque<>();

    private static final class Entry {
        private final long ts;
        private final int rank;
        private final long order;
        private final long arrival;
        private final DeviceMessage message;
        private boolean released;

        Entry(long ts, int rank, long order, long arrival, DeviceMessage message) {
            this.ts = ts;
            this.rank = rank;
            this.order = order;
            this.arrival = arrival;
            this.message = message;
        }

        long ts() {
            return ts;
        }

        int rank() {
            return rank;
        }

        long order() {
            return order;
        }

        DeviceMessage message() {
            return message;
        }
    }

    ReorderBuffer(long latenessMs) {
        this(latenessMs, 0);
    }

    ReorderBuffer(long latenessMs, long holdMs) {
        this.latenessMs = latenessMs;
        this.holdMs = holdMs;
    }

    List<DeviceMessage> add(DeviceMessage m) {
        return add(m, ARRIVAL_UNKNOWN);
    }

    /** @param arrival when the message reached analytics (wall clock, epoch ms) */
    List<DeviceMessage> add(DeviceMessage m, long arrival) {
        return add(m, arrival, arrival);
    }

    /**
     * @param arrival when the message arrived (epoch ms)
     * @param now     the time everything that arrived before it has come in by (the wall clock on one node; in a
     *                cluster, how far every forwarder of the device's partition has got)
     */
    List<DeviceMessage> add(DeviceMessage m, long arrival, long now) {
        if (m instanceof DeviceEvent e && e.seq().isEmpty()) {
            unsequencedEvents = true;
        }
        if (m.ts() < releasedUpTo) {
            late++; // analysed now, out of order; the sequence goes on from what was released in order
            return List.of(m);
        }
        Entry entry = new Entry(m.ts(), rank(m), order(m), arrival, m);
        maxTs = Math.max(maxTs, m.ts());
        List<DeviceMessage> out = new ArrayList<>();
        if (continuesSequence(m) && (queue.isEmpty() || ENTRY_ORDER.compare(entry, queue.peek()) < 0)) {
            early++;
            release(entry, out);
        } else {
            queue.add(entry);
            if (arrival != ARRIVAL_UNKNOWN) {
                byArrival.addLast(entry);
            }
        }
        releaseUpTo(maxTs - latenessMs, arrival == ARRIVAL_UNKNOWN ? Long.MAX_VALUE : before(now, holdMs), out);
        return out;
    }

    /** Releases what has waited {@code latenessMs} on the wall clock by {@code now}, and everything before it. */
    List<DeviceMessage> releaseOverdue(long now) {
        long dueBy = before(now, latenessMs);
        long watermark = Long.MIN_VALUE;
        while (!byArrival.isEmpty() && byArrival.peekFirst().arrival <= dueBy) {
            Entry e = byArrival.pollFirst();
            if (!e.released) {
                watermark = Math.max(watermark, e.ts());
            }
        }
        List<DeviceMessage> out = new ArrayList<>();
        releaseUpTo(watermark, Long.MAX_VALUE, out);
        if (holdMs > 0) {
            releaseUpTo(maxTs - latenessMs, before(now, holdMs), out); // what event time released, once held long enough
        }
        return out;
    }

    /** {@code now - ms}, where a clock that has not started ({@code Long.MIN_VALUE}) stays where it is. */
    private static long before(long now, long ms) {
        return now == Long.MIN_VALUE ? now : now - ms;
    }

    List<DeviceMessage> drain() {
        List<DeviceMessage> out = new ArrayList<>();
        releaseUpTo(Long.MAX_VALUE, Long.MAX_VALUE, out);
        return out;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    long late() {
        return late;
    }

    /** Messages released at once because their sequence showed nothing could precede them. */
    long early() {
        return early;
    }

    private boolean continuesSequence(DeviceMessage m) {
        if (!chained || unsequencedEvents && m instanceof Reading) {
            return false;
        }
        OptionalLong seq = sequence(m);
        return seq.isPresent() && seq.getAsLong() == lastSeq + 1;
    }

    /**
     * Releases everything up to the watermark that arrived by {@code arrivedBy} (in event order, so a message held
     * holds back those after it), then whatever waits next in line and continues the sequence.
     */
    private void releaseUpTo(long watermark, long arrivedBy, List<DeviceMessage> out) {
        while (!queue.isEmpty() && queue.peek().ts() <= watermark && queue.peek().arrival <= arrivedBy) {
            release(queue.poll(), out);
        }
        while (!queue.isEmpty() && continuesSequence(queue.peek().message())) {
            early++;
            release(queue.poll(), out);
        }
        if (queue.isEmpty()) {
            byArrival.clear(); // all released: keep no message alive for the sweep
        }
    }

    private void release(Entry e, List<DeviceMessage> out) {
        e.released = true;
        if (byArrival.peekFirst() == e) {
            byArrival.pollFirst();
        }
        releasedUpTo = Math.max(releasedUpTo, e.ts());
        noteSequence(e.message());
        out.add(e.message());
    }

    private void noteSequence(DeviceMessage m) {
        OptionalLong seq = sequence(m);
        if (seq.isPresent()) {
            lastSeq = seq.getAsLong();
            chained = true;
        }
    }

    /** Ties at one instant resolve by kind, then by the device's own sequence number, then by arrival. */
    private long order(DeviceMessage m) {
        long seq = sequence(m).orElse(-1);
        return seq >= 0 ? seq : Long.MAX_VALUE / 2 + arrivals++;
    }

    private static OptionalLong sequence(DeviceMessage m) {
        return m instanceof Reading r ? r.seq() : m instanceof DeviceEvent e ? e.seq() : OptionalLong.empty();
    }

    private static int rank(DeviceMessage m) {
        if (m instanceof DeviceEvent e) {
            return switch (e.type()) {
                case "cycle_start" -> 0;
                case "cycle_end" -> 4;
                default -> 3;
            };
        }
        return 2;
    }
}
