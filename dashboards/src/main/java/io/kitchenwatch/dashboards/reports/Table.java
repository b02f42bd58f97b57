package io.kitchenwatch.dashboards.reports;

import java.util.List;

/**
 * One table of a report, the same in every format: a CSV file of its own, a table on the printable page and in the
 * PDF. Cells are strings, numbers or null (empty).
 */
public record Table(String id, String title, List<String> columns, List<List<Object>> rows) {
    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** The cell of {@code row} under {@code column}; for tests and summaries. */
    public Object cell(int row, String column) {
        int c = columns.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + id);
        }
        return rows.get(row).get(c);
    }

    /** The first row whose first cell equals {@code key}. */
    public List<Object> row(Object key) {
        return rows.stream().filter(r -> key.equals(r.get(0))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row " + key + " in " + id));
    }
}
