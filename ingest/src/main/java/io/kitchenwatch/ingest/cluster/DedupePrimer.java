package io.kitchenwatch.ingest.cluster;

import io.kitchenwatch.ingest.pipeline.Intake;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Rebuilds the dedupe memory of partitions this node just gained from their own log: the records a previous owner
 * took before the committed offset, back {@link #WINDOW} on the clock (at most {@link #MAX_RECORDS} per partition).
 * Without it a dead node's unacknowledged messages, which the broker hands again to a survivor, would be taken twice.
 * Reads with a consumer of its own outside the group, so the group's positions are untouched.
 */
final class DedupePrimer {
    private static final Logger LOG = LoggerFactory.getLogger(DedupePrimer.class);
    /** Broker redeliveries come within the failure detection and session take-over: minutes at most. */
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final long MAX_RECORDS = 100_000;
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final String bootstrap;

    DedupePrimer(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * @param committed each gained partition's committed offset (a partition never committed has no history to read)
     * @return the records remembered
     */
    long prime(Map<TopicPartition, OffsetAndMetadata> committed, Intake intake) {
        Map<TopicPartition, Long> until = new HashMap<>();
        committed.forEach((tp, offset) -> {
            if (offset != null && offset.offset() > 0) {
                until.put(tp, offset.offset());
            }
        });
        if (until.isEmpty()) {
            return 0;
        }
        long started = System.currentTimeMillis();
        long remembered = 0;
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, KafkaForwarder.MAX_RECORD_BYTES + 64 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            reader.assign(until.keySet());
            Map<TopicPartition, Long> beginnings = reader.beginningOffsets(until.keySet());
            Map<TopicPartition, Long> since = new HashMap<>();
            until.keySet().forEach(tp -> since.put(tp, started - WINDOW.toMillis()));
            Map<TopicPartition, OffsetAndTimestamp> byTime = reader.offsetsForTimes(since);
            for (Map.Entry<TopicPartition, Long> end : until.entrySet()) {
                TopicPartition tp = end.getKey();
                OffsetAndTimestamp fromTime = byTime.get(tp);
                long start = Math.max(beginnings.getOrDefault(tp, 0L), end.getValue() - MAX_RECORDS);
                start = Math.max(start, fromTime == null ? end.getValue() : fromTime.offset());
                reader.seek(tp, Math.min(start, end.getValue()));
            }
            while (!until.isEmpty() && System.currentTimeMillis() - started < DEADLINE.toMillis()) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    Long end = until.get(tp);
                    if (end != null && record.offset() < end) {
                        remember(record, intake);
                        remembered++;
                    }
                }
                until.keySet().removeIf(tp -> reader.position(tp) >= until.get(tp));
            }
            if (!until.isEmpty()) {
                LOG.warn("dedupe memory of partitions {} not fully rebuilt in {}: a redelivered copy may be stored twice",
                        until.keySet(), DEADLINE);
            }
        } catch (KafkaException e) {
            LOG.warn("could not read back the gained partitions for dedupe ({}): a redelivered copy may be stored twice", e.toString());
        }
        LOG.debug("remembered {} records of gained partitions for dedupe in {} ms", remembered, System.currentTimeMillis() - started);
        return remembered;
    }

    private static void remember(ConsumerRecord<byte[], byte[]> record, Intake intake) {
        try {
            ForwardedMessage message = ForwardedMessage.fromRecord(record);
            intake.remember(message.topic(), message.payload());
        } catch (IllegalArgumentException e) {
            // not a forwarder's record: the owner skips it too
        }
    }
}
