package io.kitchenwatch.ingest.store;

import java.util.Map;

/** The newest value of every numeric telemetry field of a device, and the time of its newest reading. */
public record LatestValues(long ts, Map<String, Double> values) {
    public LatestValues {
        values = Map.copyOf(values);
    }
}
