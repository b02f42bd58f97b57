package io.kitchenwatch.devices.bus;

import io.kitchenwatch.devices.model.DeviceMessage;

import java.util.List;

/**
 * Device messages the store accepted, in the order they were stored (frames with their pictures). {@code sequence}
 * counts the batches of one ingest from 1, so a batch sent again (its answer timed out) is recognised and taken once.
 */
public record StoredBatch(long sequence, List<DeviceMessage> messages) {
    public StoredBatch {
        messages = List.copyOf(messages);
    }
}
