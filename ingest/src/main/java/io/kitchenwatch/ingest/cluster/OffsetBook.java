package io.kitchenwatch.ingest.cluster;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which records of each owned partition were taken and which are durable, so the committed offset never passes a
 * record that is not stored yet: per partition, the offset to commit is the lowest still pending (or one past the
 * highest taken when none is). Records become durable out of order only rarely (a dead letter published later), and
 * then the commit waits for the laggard.
 */
final class OffsetBook {
    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    private static final class Partition {
        final TreeSet<Long> pending = new TreeSet<>();
        long next = -1;
        long committed = -1;

        long committable() {
            return pending.isEmpty() ? next : pending.first();
        }
    }

    synchronized void taken(TopicPartition tp, long offset) {
        Partition p = partitions.computeIfAbsent(tp, t -> new Partition());
        p.pending.add(offset);
        p.next = Math.max(p.next, offset + 1);
    }

    synchronized void done(TopicPartition tp, long offset) {
        Partition p = partitions.get(tp);
        if (p != null) {
            p.pending.remove(offset);
        }
        notifyAll();
    }

    /** Offsets to commit: those that moved since the last call, or (with {@code all}) every partition's. */
    synchronized Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> of, boolean all) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : of) {
            Partition p = partitions.get(tp);
            if (p == null || p.next < 0) {
                continue;
            }
            long offset = p.committable();
            if (all || offset > p.committed) {
                offsets.put(tp, new OffsetAndMetadata(offset));
                p.committed = offset;
            }
        }
        return offsets;
    }

    synchronized Map<TopicPartition, OffsetAndMetadata> committable(boolean all) {
        return committable(partitions.keySet(), all);
    }

    /** Waits up to {@code timeoutMs} for every record taken from {@code of} to be durable; false if some are not. */
    synchronized boolean awaitSettled(Collection<TopicPartition> of, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (pending(of) > 0) {
            long wait = deadline - System.currentTimeMillis();
            if (wait <= 0) {
                return false;
            }
            wait(wait);
        }
        return true;
    }

    synchronized int pending() {
        return pending(partitions.keySet());
    }

    private int pending(Collection<TopicPartition> of) {
        int n = 0;
        for (TopicPartition tp : of) {
            Partition p = partitions.get(tp);
            n += p == null ? 0 : p.pending.size();
        }
        return n;
    }

    /** Forgets partitions this node no longer owns: their next owner starts from the committed offsets. */
    synchronized void forget(Collection<TopicPartition> gone) {
        gone.forEach(partitions::remove);
        notifyAll();
    }
}
