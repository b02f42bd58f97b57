package io.kitchenwatch.ingest.cluster;

import io.kitchenwatch.devices.bus.OwnershipChanged;
import io.kitchenwatch.devices.bus.SourceProgress;
import io.kitchenwatch.ingest.pipeline.Intake;
import io.kitchenwatch.ingest.status.IngestProgress;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * This node's share of the device-message topic: a member of the owners' group that feeds the records of the
 * partitions it was assigned into a storing intake (validation, dedupe, store, then analysis on this node) and
 * commits each partition's offset only up to what is stored. A partition handed to another node is first settled
 * (what was taken is stored and committed, bounded); a node that dies loses its partitions after the session timeout,
 * and their next owner starts from the committed offsets, so what it had taken but not stored is read again.
 * Intake is paused while the storing intake is near full (overflow policy: block the producer, here Kafka's log
 * keeps the backlog), so a long store outage does not cost the group membership.
 */
public final class PartitionOwner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionOwner.class);
    private static final int MAX_POLL_RECORDS = 500;
    private static final long SETTLE_ON_REVOKE_MS = 30_000;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final DevicePartitions partitions;
    private final Intake intake;
    private final IngestProgress progress;
    private final int pauseAbove;
    private final OffsetBook book = new OffsetBook();
    private final Thread thread;
    private final Consumer<OwnershipChanged> ownershipChanged;
    private final DedupePrimer primer;
    private volatile Set<Integer> owned = Set.of();
    private volatile boolean running = true;
    private volatile long malformed;
    private boolean paused;

    /**
     * @param intake           stores what this node owns (its queue capacity minus a few polls is where intake pauses)
     * @param ownershipChanged told of each change of what this node owns, on the consumer's thread: before anything of
     *                         a gained partition is taken, after everything taken of a lost one is stored (it may block
     *                         while analysis rebuilds the gained devices' state)
     */
    public PartitionOwner(ClusterSettings settings, DevicePartitions partitions, String memberName, Intake intake,
                          int intakeCapacity, IngestProgress progress, Consumer<OwnershipChanged> ownershipChanged) {
        this.topic = settings.messagesTopic();
        this.partitions = partitions;
        this.intake = intake;
        this.progress = progress;
        this.ownershipChanged = ownershipChanged;
        this.primer = new DedupePrimer(settings.bootstrap());
        this.pauseAbove = Math.max(MAX_POLL_RECORDS, intakeCapacity - 4 * MAX_POLL_RECORDS);
        this.consumer = new KafkaConsumer<>(Map.ofEntries(
                Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap()),
                Map.entry(ConsumerConfig.GROUP_ID_CONFIG, settings.ownersGroup()),
                Map.entry(ConsumerConfig.CLIENT_ID_CONFIG, memberName + "-owner"),
                Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS),
                Map.entry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, KafkaForwarder.MAX_RECORD_BYTES + 64 * 1024),
                Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis()),
                Map.entry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1000, settings.sessionTimeout().toMillis() / 4)),
                // gaining partitions waits in the rebalance callback for analysis to rebuild their devices (at most
                // 4 min) and for the dedupe memory (30 s): the member must not be evicted for it
                Map.entry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis()),
                // a rebalance moves only the partitions that change hands; the others keep being stored meanwhile
                Map.entry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(CooperativeStickyAssignor.class.getName()))),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "kw-kafka-owner");
        this.thread.setDaemon(true);
    }

    public synchronized void start() {
        intake.start();
        thread.start();
    }

    /** Whether this node owns the device now (stores and analyses its messages). */
    public boolean owns(String site, String device) {
        return owned.contains(partitions.of(site, device));
    }

    public Set<Integer> ownedPartitions() {
        return owned;
    }

    /** Records that were not written by a forwarder (skipped and counted). */
    public long malformedRecords() {
        return malformed;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // the consumer stays a member (or joins again at its next poll): this node must not stop owning for good
                    LOG.warn("the Kafka consumer of {}: {}; polling again", topic, e.toString());
                    Thread.sleep(1_000);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException | IllegalStateException e) {
            LOG.error("the Kafka consumer of {} stopped: {}", topic, e.toString(), e);
        } finally {
            intake.drain();
            try {
                consumer.commitSync(book.committable(true), Duration.ofSeconds(10));
            } catch (KafkaException e) {
                LOG.warn("last offsets not committed ({}): the next owner reads those records again", e.toString());
            }
            consumer.close(Duration.ofSeconds(10));
        }
    }

    private void pollOnce() throws InterruptedException {
        pauseWhileFull();
        long pollStarted = System.currentTimeMillis();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> record : records) {
            take(record);
        }
        if (records.isEmpty() && !paused && book.pending() == 0) {
            // at the end of every owned partition with all of it stored: nothing sent before the poll waits
            progress.caughtUp(pollStarted);
        }
        commitAsync(book.committable(false));
    }

    private void take(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        book.taken(tp, record.offset());
        Optional<SourceProgress> mark = ProgressMarks.fromRecord(record);
        if (mark.isPresent()) {
            intake.progress(mark.get(), () -> book.done(tp, record.offset()));
            return;
        }
        ForwardedMessage message;
        try {
            message = ForwardedMessage.fromRecord(record);
        } catch (IllegalArgumentException e) {
            malformed++;
            LOG.warn("skipped: {}", e.getMessage());
            book.done(tp, record.offset());
            return;
        }
        intake.accept(message.topic(), message.payload(), message.arrival(), () -> book.done(tp, record.offset()));
    }

    private void pauseWhileFull() {
        int depth = intake.depth();
        if (!paused && depth > pauseAbove) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && depth < pauseAbove / 2) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (committed, e) -> {
                if (e != null) {
                    LOG.debug("offset commit failed ({}); a later one covers it", e.toString());
                }
            });
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (revoked.isEmpty()) {
                return;
            }
            try {
                if (!book.awaitSettled(revoked, SETTLE_ON_REVOKE_MS)) {
                    LOG.warn("partitions {} handed over with messages not yet stored: their next owner reads them again", revoked);
                }
                consumer.commitSync(book.committable(revoked, true), Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (KafkaException e) {
                LOG.warn("offsets of {} not committed on hand-over ({}): their next owner reads some records again", revoked, e.toString());
            }
            drop(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            drop(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (assigned.isEmpty()) {
                return;
            }
            try {
                primer.prime(consumer.committed(new HashSet<>(assigned), Duration.ofSeconds(10)), intake);
            } catch (KafkaException e) {
                LOG.warn("committed offsets of {} unknown ({}): dedupe starts without their history", assigned, e.toString());
            }
            Set<Integer> now = new HashSet<>(owned);
            assigned.forEach(tp -> now.add(tp.partition()));
            changeOwned(now);
            if (paused) {
                consumer.pause(assigned);
            }
        }

        private void drop(Collection<TopicPartition> gone) {
            book.forget(gone);
            Set<Integer> now = new HashSet<>(owned);
            gone.forEach(tp -> now.remove(tp.partition()));
            changeOwned(now);
        }

        private void changeOwned(Set<Integer> now) {
            Set<Integer> current = Set.copyOf(now);
            owned = current;
            LOG.info("this node owns partitions {} of {}", new java.util.TreeSet<>(current), topic);
            ownershipChanged.accept(new OwnershipChanged(current, partitions::of));
        }
    }

    /** Stops taking records, stores what was taken, commits, and leaves the group (its partitions move at once). */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        if (!thread.isAlive()) { // never started
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
