package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.bus.SourceProgress;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.ingest.store.StorePoint;

import java.util.List;

/**
 * One MQTT message on its way to the store, with the acknowledgement to send once it is durable. A duplicate travels
 * with no message and no points, only to be acknowledged in order after what came before it; so does a returned
 * progress probe, which once settled says everything the broker took before {@code probeSent} is stored.
 *
 * So does a forwarder's progress mark (cluster mode), handed on after the messages before it.
 *
 * @param probeSent when the probe this stands for was sent (epoch ms), 0 for anything else
 * @param mark      the progress mark this stands for, or null
 */
record PendingMessage(String topic, byte[] payload, DeviceMessage message, List<StorePoint> points, long arrival,
                      Runnable ack, long probeSent, SourceProgress mark) {
    PendingMessage(String topic, byte[] payload, DeviceMessage message, List<StorePoint> points, long arrival, Runnable ack) {
        this(topic, payload, message, points, arrival, ack, 0, null);
    }

    static PendingMessage ackOnly(long arrival, Runnable ack) {
        return new PendingMessage(null, null, null, List.of(), arrival, ack, 0, null);
    }

    static PendingMessage probe(long arrival, Runnable ack, long sent) {
        return new PendingMessage(null, null, null, List.of(), arrival, ack, sent, null);
    }

    static PendingMessage mark(SourceProgress mark, Runnable ack) {
        return new PendingMessage(null, null, null, List.of(), System.currentTimeMillis(), ack, 0, mark);
    }

    boolean isAckOnly() {
        return message == null;
    }
}
