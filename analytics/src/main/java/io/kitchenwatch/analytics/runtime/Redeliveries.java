package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.Reading;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Messages analysed again from the store at start, so that the broker's redelivery of the same messages (their
 * acknowledgement died with the previous process) is not analysed a second time. What the broker delivers again is
 * what each device sent last, so each device's newest replayed messages are kept, shared out over a fixed budget,
 * and all are forgotten after {@link #WATCH}. Used on the analytics thread only.
 */
final class Redeliveries {
    /** Redelivered messages come first after a restart: how long to look out for them. */
    static final Duration WATCH = Duration.ofMinutes(10);
    private static final int KEYS = 200_000;
    private static final int MIN_PER_DEVICE = 8;
    private final Map<String, ArrayDeque<Key>> newestReplayed = new HashMap<>();
    private int perDevice = KEYS;
    private Set<Key> expected = Set.of();

    private record Key(String device, long ts, String what, long seq) {
        static Key of(DeviceMessage m) {
            String what = m instanceof DeviceEvent e ? e.type() : m.getClass().getSimpleName();
            long seq = m instanceof Reading r ? r.seq().orElse(-1) : m instanceof DeviceEvent e ? e.seq().orElse(-1) : -1;
            return new Key(m.device(), m.ts(), what, seq);
        }
    }

    /** Recovery is about to replay the history of this many devices. */
    void replaying(int devices) {
        perDevice = Math.max(MIN_PER_DEVICE, KEYS / Math.max(1, devices));
    }

    /** A message recovery analysed again (each device's history comes oldest first). */
    void replayed(DeviceMessage m) {
        ArrayDeque<Key> tail = newestReplayed.computeIfAbsent(m.device(), d -> new ArrayDeque<>());
        if (tail.size() == perDevice) {
            tail.removeFirst();
        }
        tail.addLast(Key.of(m));
    }

    /**
     * Recovery is over: from now on the kept messages are expected again from the broker (in cluster mode, from the
     * partitions just taken over), besides those still expected from an earlier recovery.
     */
    void expect() {
        Set<Key> seen = new HashSet<>(expected);
        newestReplayed.values().forEach(seen::addAll);
        newestReplayed.clear();
        expected = seen;
    }

    /** Whether a message is the redelivery of one analysed at start (each is recognised once). */
    boolean isRedelivery(DeviceMessage m) {
        return !expected.isEmpty() && expected.remove(Key.of(m));
    }

    /** The watch is over. */
    void forget() {
        expected = Set.of();
    }
}
