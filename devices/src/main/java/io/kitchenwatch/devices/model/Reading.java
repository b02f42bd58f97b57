package io.kitchenwatch.devices.model;

import java.util.Map;
import java.util.OptionalLong;

/**
 * One telemetry message. Values are {@link Double}, {@link Boolean} or {@link String}; numbers are already
 * checked finite.
 */
public record Reading(String site, String device, long ts, OptionalLong seq, Map<String, Object> values)
        implements DeviceMessage {
    public Reading {
        values = Map.copyOf(values);
    }
}
