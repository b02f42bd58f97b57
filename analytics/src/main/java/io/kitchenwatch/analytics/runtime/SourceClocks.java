package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.devices.bus.SourceProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Cluster mode: how far every forwarding node has got on each owned partition, from their progress marks, so that a
 * device's message out of sequence waits until no node can still be carrying an older one (a slow or dead node holds
 * its partitions' clocks back until it is retired). A node whose marks trail the partition's newest by more than
 * {@link #GIVE_UP_MS} is no longer waited for (it died with nobody to retire it), and a partition no node has marked
 * for that long on the wall clock is judged on the wall clock (nodes that cannot return their probes); the log says
 * so once. Used on the analytics thread only.
 */
final class SourceClocks {
    private static final Logger LOG = LoggerFactory.getLogger(SourceClocks.class);
    static final long GIVE_UP_MS = 60_000;
    /** Partition to source to the time it has forwarded everything up to. */
    private final Map<Integer, Map<String, Long>> marks = new HashMap<>();
    /** Partitions with no live source known, since when (wall clock): they are waited for {@link #GIVE_UP_MS} at most. */
    private final Map<Integer, Long> unmarkedSince = new HashMap<>();
    private final Set<String> givenUp = new HashSet<>();
    private final Set<Integer> unmarkedGivenUp = new HashSet<>();
    private final LongSupplier wallClock;

    SourceClocks() {
        this(System::currentTimeMillis);
    }

    SourceClocks(LongSupplier wallClock) {
        this.wallClock = wallClock;
    }

    void mark(SourceProgress p) {
        Map<String, Long> sources = marks.get(p.partition());
        if (sources == null) {
            return; // read as the partition was handed over
        }
        if (p.retired()) {
            sources.remove(p.source());
            if (sources.isEmpty()) {
                unmarkedSince.put(p.partition(), wallClock.getAsLong());
            }
        } else {
            sources.merge(p.source(), p.upTo(), Math::max);
            givenUp.remove(p.source());
            unmarkedSince.remove(p.partition());
            unmarkedGivenUp.remove(p.partition());
        }
    }

    /**
     * The time every live source of the partition has forwarded everything up to: {@code Long.MIN_VALUE} while none
     * is known (a partition just gained, before its first mark is read), {@code Long.MAX_VALUE} for a partition not owned.
     */
    long upTo(int partition) {
        Map<String, Long> sources = marks.get(partition);
        if (sources == null) {
            return Long.MAX_VALUE;
        }
        if (sources.isEmpty()) {
            long now = wallClock.getAsLong();
            if (now - unmarkedSince.getOrDefault(partition, now) <= GIVE_UP_MS) {
                return Long.MIN_VALUE;
            }
            if (unmarkedGivenUp.add(partition)) {
                LOG.warn("no node has marked its progress on partition {} for over {} s (can the nodes subscribe to their own probe"
                        + " topics?): its devices are judged on the wall clock", partition, GIVE_UP_MS / 1000);
            }
            return Long.MAX_VALUE;
        }
        long newest = Long.MIN_VALUE;
        for (long t : sources.values()) {
            newest = Math.max(newest, t);
        }
        long slowest = Long.MAX_VALUE;
        for (Map.Entry<String, Long> source : sources.entrySet()) {
            if (source.getValue() >= newest - GIVE_UP_MS) {
                slowest = Math.min(slowest, source.getValue());
            } else if (givenUp.add(source.getKey())) {
                LOG.warn("node {} has not marked its progress for over {} s and nobody retired it: no longer waited for",
                        source.getKey(), GIVE_UP_MS / 1000);
            }
        }
        return slowest;
    }

    /**
     * How far every source of every owned partition has got: {@code Long.MIN_VALUE} while a partition's sources are not
     * known yet, {@code Long.MAX_VALUE} when nothing is owned (partitions judged on the wall clock are left out).
     */
    long slowest() {
        long slowest = Long.MAX_VALUE;
        for (int partition : marks.keySet()) {
            long upTo = upTo(partition);
            if (upTo == Long.MIN_VALUE) {
                return upTo;
            }
            slowest = Math.min(slowest, upTo);
        }
        return slowest;
    }

    /**
     * These partitions are owned now: the clocks of the others are their new owners' to keep, and a gained one's stays
     * back until its sources' marks are read (what the store gave of its devices may have holes the log still fills).
     */
    void own(Set<Integer> partitions) {
        marks.keySet().retainAll(partitions);
        unmarkedSince.keySet().retainAll(partitions);
        long now = wallClock.getAsLong();
        partitions.forEach(p -> marks.computeIfAbsent(p, k -> {
            unmarkedSince.put(p, now);
            return new HashMap<>();
        }));
    }
}
