package io.kitchenwatch.devices.model;

/** A camera snapshot: JPEG bytes; its time is the arrival time (the wire carries none). */
public record Frame(String site, String device, long ts, byte[] jpeg) implements DeviceMessage {
}
