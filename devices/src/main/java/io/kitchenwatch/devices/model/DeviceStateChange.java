package io.kitchenwatch.devices.model;

/** Birth ({@code online=true}) or Last Will ({@code online=false}) of a device. */
public record DeviceStateChange(String site, String device, long ts, boolean online) implements DeviceMessage {
}
