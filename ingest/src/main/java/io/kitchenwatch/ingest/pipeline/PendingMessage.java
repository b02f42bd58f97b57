package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.ingest.store.StorePoint;

import java.util.List;

/**
 * One MQTT message on its way to the store, with the acknowledgement to send once it is durable. A duplicate travels
 * with no message and no points, only to be acknowledged in order after what came before it; so does a returned
 * progress probe, which once settled says everything the broker took before {@code probeSent} is stored.
 *
 * @param probeSent when the probe this stands for was sent (epoch ms), 0 for anything else
 */
record PendingMessage(String topic, byte[] payload, DeviceMessage message, List<StorePoint> points, long arrival,
                      Runnable ack, long probeSent) {
    PendingMessage(String topic, byte[] payload, DeviceMessage message, List<StorePoint> points, long arrival, Runnable ack) {
        this(topic, payload, message, points, arrival, ack, 0);
    }

    static PendingMessage ackOnly(long arrival, Runnable ack) {
        return new PendingMessage(null, null, null, List.of(), arrival, ack, 0);
    }

    static PendingMessage probe(long arrival, Runnable ack, long sent) {
        return new PendingMessage(null, null, null, List.of(), arrival, ack, sent);
    }

    boolean isAckOnly() {
        return message == null;
    }
}
