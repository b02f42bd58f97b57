package io.kitchenwatch.devices.bus;

/** Ingest holds its subscription at the broker (again): what waited for a listener may now be published. */
public record IngestSubscribed(long at) {
}
