package io.kitchenwatch.devices.bus;

/**
 * A device's status as ingest sees it turned, at the arrival of one of its messages ({@code at}, wall clock): online
 * (heard, after silence, a Last Will or never before) or offline (its Last Will). Going offline by silence has no
 * message to arrive with: analytics raises {@code device_offline} for that (the same {@code OfflineRule}).
 */
public record DeviceStatusChanged(String site, String device, boolean online, long at) {
}
