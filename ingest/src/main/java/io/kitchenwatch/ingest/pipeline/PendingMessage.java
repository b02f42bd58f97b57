package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.ingest.store.StorePoint;

import java.util.List;

/**
 * One MQTT message on its way to the store, with the acknowledgement to send once it is durable. A duplicate travels
 * with no message and no points, only to be acknowledged in order after what came before it.
 */
record PendingMessage(String topic, byte[] payload, DeviceMessage message, List<StorePoint> points, long arrival,
                      Runnable ack) {
    static PendingMessage ackOnly(long arrival, Runnable ack) {
        return new PendingMessage(null, null, null, List.of(), arrival, ack);
    }

    boolean isAckOnly() {
        return message == null;
    }
}
