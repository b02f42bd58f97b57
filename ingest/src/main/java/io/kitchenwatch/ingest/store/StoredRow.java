package io.kitchenwatch.ingest.store;

import java.util.Map;

/** One row read back from the store: its time in epoch milliseconds and its non-null columns (tags and fields). */
public record StoredRow(long tsMillis, Map<String, Object> columns) {
    public StoredRow {
        columns = Map.copyOf(columns);
    }

    public String text(String column) {
        Object v = columns.get(column);
        return v == null ? null : String.valueOf(v);
    }
}
