package io.kitchenwatch.analytics.engine;

import java.util.OptionalLong;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.Reading;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Puts one device's readings and events back in event-time order: a message is released once a message at least
 * {@code latenessMs} newer has arrived (or on {@link #drain}). At equal times a cycle start comes first and a cycle
 * end last, so a reading at the start or end instant belongs to its batch. A message older than what was already
 * released is released at once and counted as late.
 */
final class ReorderBuffer {
    private final long latenessMs;
    /** Event-time order with the tie rules above (messages without a sequence number keep their given order). */
    static final Comparator<DeviceMessage> EVENT_ORDER = Comparator.comparingLong(DeviceMessage::ts)
            .thenComparingInt(ReorderBuffer::rank).thenComparingLong(m -> sequence(m).orElse(Long.MAX_VALUE / 2));
    private final PriorityQueue<Entry> queue = new PriorityQueue<>(Comparator.comparingLong(Entry::ts)
            .thenComparingInt(Entry::rank).thenComparingLong(Entry::order));
    private long maxTs = Long.MIN_VALUE;
    private long releasedUpTo = Long.MIN_VALUE;
    private long arrivals;
    private long late;

    private record Entry(long ts, int rank, long order, DeviceMessage message) {
    }

    ReorderBuffer(long latenessMs) {
        this.latenessMs = latenessMs;
    }

    List<DeviceMessage> add(DeviceMessage m) {
        if (m.ts() < releasedUpTo) {
            late++;
            return List.of(m);
        }
        queue.add(new Entry(m.ts(), rank(m), order(m), m));
        maxTs = Math.max(maxTs, m.ts());
        return releaseUpTo(maxTs - latenessMs);
    }

    List<DeviceMessage> drain() {
        return releaseUpTo(Long.MAX_VALUE);
    }

    long late() {
        return late;
    }

    private List<DeviceMessage> releaseUpTo(long watermark) {
        List<DeviceMessage> out = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().ts() <= watermark) {
            Entry e = queue.poll();
            releasedUpTo = Math.max(releasedUpTo, e.ts());
            out.add(e.message());
        }
        return out;
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
