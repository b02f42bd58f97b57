package io.kitchenwatch.devices.bus;

import io.kitchenwatch.devices.model.DeviceMessage;

import java.util.List;

/** Device messages the store accepted in one write, in the order they were stored (frames with their pictures). */
public record StoredBatch(List<DeviceMessage> messages) {
    public StoredBatch {
        messages = List.copyOf(messages);
    }
}
