package io.kitchenwatch.devices.model;

/** Anything a device sends, after decoding and validation. Times are event times in epoch milliseconds. */
public sealed interface DeviceMessage permits Reading, DeviceEvent, Frame, DeviceStateChange {
    String site();

    String device();

    long ts();
}
