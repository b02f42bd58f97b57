package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.wire.RejectedMessageException;
import io.kitchenwatch.devices.wire.RejectionReason;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.devices.wire.ValidationLimits;
import io.kitchenwatch.devices.wire.WireDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The first step for every device message that reaches a node, whether it then stores or forwards it: counted as
 * received, decoded and validated, or refused to the dead-letter topic with its reason (and acknowledged once there).
 */
public final class ReceivedMessages {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivedMessages.class);
    private final WireDecoder decoder;
    private final IngestMetrics metrics;
    private final DeadLetters deadLetters;

    public ReceivedMessages(TopicScheme topics, ValidationLimits limits, IngestMetrics metrics, DeadLetters deadLetters) {
        this.decoder = new WireDecoder(topics, limits);
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    /** The decoded message, or empty when it was refused (it is then on its way to the dead-letter topic). */
    public Optional<DeviceMessage> decode(String topic, byte[] payload, long arrival, Runnable ack) {
        metrics.received();
        try {
            return Optional.of(decoder.decode(topic, payload, arrival));
        } catch (RejectedMessageException e) {
            deadLetter(topic, payload, e.reason(), e.detail(), ack);
            return Optional.empty();
        }
    }

    /** The decoded message, or empty when it would be refused; counts nothing and dead-letters nothing. */
    Optional<DeviceMessage> decodeQuietly(String topic, byte[] payload) {
        try {
            return Optional.of(decoder.decode(topic, payload, System.currentTimeMillis()));
        } catch (RejectedMessageException e) {
            return Optional.empty();
        }
    }

    /** Refuses a message for {@code reason}; {@code ack} runs once its dead letter is safely handed over. */
    void deadLetter(String topic, byte[] payload, RejectionReason reason, String detail, Runnable ack) {
        metrics.deadLettered(reason);
        LOG.debug("dead-lettered {}: {} {}", topic, reason.code(), detail);
        deadLetters.publish(topic, payload, reason, detail, ack);
    }
}
