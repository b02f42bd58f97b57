package io.kitchenwatch.devices.model;

import java.util.Map;
import java.util.OptionalLong;

/** A discrete happening (cycle start/end, pump-out, collection) with its attributes as they came on the wire. */
public record DeviceEvent(String site, String device, long ts, OptionalLong seq, String type,
                          Map<String, Object> attributes) implements DeviceMessage {
    public DeviceEvent {
        attributes = Map.copyOf(attributes);
    }
}
