package io.kitchenwatch.devices.wire;

/** A parsed {@code {root}/{site}/{device}/{channel}} topic. */
public record DeviceTopic(String site, String device, Channel channel) {
}
