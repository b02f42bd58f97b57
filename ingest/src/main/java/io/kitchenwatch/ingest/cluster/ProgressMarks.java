package io.kitchenwatch.ingest.cluster;

import io.kitchenwatch.devices.bus.SourceProgress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A forwarder's progress mark as a record of the device-message topic: no key, an empty value, and headers naming the
 * source, its time and whether it retires. Owners pass marks to analytics in partition order and store nothing of them.
 */
final class ProgressMarks {
    static final String SOURCE_HEADER = "kw-progress";
    static final String UP_TO_HEADER = "kw-up-to";
    static final String RETIRED_HEADER = "kw-retired";
    private static final byte[] EMPTY = new byte[0];

    private ProgressMarks() {
    }

    static ProducerRecord<byte[], byte[]> toRecord(String kafkaTopic, SourceProgress mark) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SOURCE_HEADER, mark.source().getBytes(StandardCharsets.UTF_8));
        headers.add(UP_TO_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(mark.upTo()).array());
        if (mark.retired()) {
            headers.add(RETIRED_HEADER, EMPTY);
        }
        return new ProducerRecord<>(kafkaTopic, mark.partition(), (byte[]) null, EMPTY, headers);
    }

    /** The mark a record carries, or empty when it is not a mark. */
    static Optional<SourceProgress> fromRecord(ConsumerRecord<byte[], byte[]> record) {
        Header source = record.headers().lastHeader(SOURCE_HEADER);
        Header upTo = record.headers().lastHeader(UP_TO_HEADER);
        if (source == null || upTo == null || upTo.value().length != Long.BYTES) {
            return Optional.empty();
        }
        return Optional.of(new SourceProgress(record.partition(), new String(source.value(), StandardCharsets.UTF_8),
                ByteBuffer.wrap(upTo.value()).getLong(), record.headers().lastHeader(RETIRED_HEADER) != null));
    }
}
