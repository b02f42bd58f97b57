package io.kitchenwatch.ingest.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A device message as it travels the device-message topic: the MQTT payload untouched as the value, with its MQTT
 * topic and the time its forwarder received it as headers, so the owner decodes exactly what the device sent, judged
 * at the same arrival time.
 */
public record ForwardedMessage(String topic, byte[] payload, long arrival) {
    static final String TOPIC_HEADER = "kw-topic";
    static final String ARRIVAL_HEADER = "kw-arrival";

    ProducerRecord<byte[], byte[]> toRecord(String kafkaTopic, int partition, byte[] key) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TOPIC_HEADER, topic.getBytes(StandardCharsets.UTF_8));
        headers.add(ARRIVAL_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(arrival).array());
        return new ProducerRecord<>(kafkaTopic, partition, key, payload, headers);
    }

    /** @throws IllegalArgumentException when the record was not written by a forwarder */
    static ForwardedMessage fromRecord(ConsumerRecord<byte[], byte[]> record) {
        Header topic = record.headers().lastHeader(TOPIC_HEADER);
        Header arrival = record.headers().lastHeader(ARRIVAL_HEADER);
        if (topic == null || arrival == null || arrival.value().length != Long.BYTES || record.value() == null) {
            throw new IllegalArgumentException("record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " lacks the forwarder's headers");
        }
        return new ForwardedMessage(new String(topic.value(), StandardCharsets.UTF_8), record.value(),
                ByteBuffer.wrap(arrival.value()).getLong());
    }
}
