package io.kitchenwatch.devices.registry;

/** A county or a town in it; {@code parent} is null for a top-level region. */
public record Region(String id, String name, String parent) {
}
