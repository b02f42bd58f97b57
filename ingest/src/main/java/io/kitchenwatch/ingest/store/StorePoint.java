package io.kitchenwatch.ingest.store;

import java.util.Map;

/**
 * One row of the time series: a measurement, its tags (indexed strings), its fields ({@link Double},
 * {@link Boolean} or {@link String}) and its time in epoch milliseconds. See {@code docs/storage.md}.
 */
public record StorePoint(String measurement, Map<String, String> tags, Map<String, Object> fields, long tsMillis) {
    public StorePoint {
        tags = Map.copyOf(tags);
        fields = Map.copyOf(fields);
    }
}
