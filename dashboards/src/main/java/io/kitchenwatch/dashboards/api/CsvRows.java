package io.kitchenwatch.dashboards.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV as spreadsheet programs save it (RFC 4180): a UTF-8 byte-order mark, CRLF or LF line ends, quoted cells
 * with commas, quotes and line breaks inside. Each row remembers the line it starts on, so a problem can name it.
 */
final class CsvRows {
    /** A row of cells and the (1-based) line of the text it starts on. */
    record Row(int line, List<String> cells) {
    }

    private CsvRows() {
    }

    /** The rows of {@code text}; blank lines are left out. Throws when a quoted cell is never closed. */
    static List<Row> parse(String text) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        boolean quoted = false;
        boolean cellStarted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && cell.length() == 0) {
                quoted = true;
                cellStarted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                cellStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                endRow(rows, cells, cell, cellStarted, rowLine);
                cells = new ArrayList<>();
                cellStarted = false;
                line++;
                rowLine = line;
            } else {
                cell.append(c);
                cellStarted = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + rowLine + ": a quoted cell is never closed");
        }
        endRow(rows, cells, cell, cellStarted, rowLine);
        return rows;
    }

    private static void endRow(List<Row> rows, List<String> cells, StringBuilder cell, boolean cellStarted, int line) {
        if (!cellStarted && cells.isEmpty()) {
            return;
        }
        cells.add(cell.toString());
        cell.setLength(0);
        if (cells.stream().anyMatch(c -> !c.isBlank())) {
            rows.add(new Row(line, List.copyOf(cells)));
        }
    }
}
