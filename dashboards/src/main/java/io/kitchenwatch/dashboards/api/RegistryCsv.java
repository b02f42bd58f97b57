package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.dashboards.reports.CsvZip;
import io.kitchenwatch.dashboards.reports.Table;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry as spreadsheets: one CSV per type ({@code regions.csv}, {@code organizations.csv}, {@code sites.csv},
 * {@code devices.csv}) with a column per field; lists are {@code ;}-separated ({@code working_hours}) and nested
 * objects are JSON ({@code rules}, {@code settings}); an empty cell leaves the field out. Read back, each row is a put
 * of its item (a site keeps its devices), or a retirement when its optional {@code op} column says {@code retire}.
 */
final class RegistryCsv {
    static final Map<String, List<String>> COLUMNS = Map.of(
            "region", List.of("id", "name", "parent", "rules"),
            "organization", List.of("id", "name", "kind"),
            "site", List.of("id", "name", "kind", "organization", "region", "timezone", "working_hours", "rules"),
            "device", List.of("id", "site", "kind", "zone", "interval_s", "settings"));
    private static final String OP = "op";

    private RegistryCsv() {
    }

    /**
     * A CSV file's text: UTF-8 when it is (as exported), else GB18030, which is what a spreadsheet program on a Chinese
     * system saves "CSV" as (an exported file opened and saved again comes back in GBK).
     */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, Charset.forName("GB18030"));
        }
    }

    /** The type a file name such as {@code devices.csv} is about, or null. */
    static String typeOfFile(String name) {
        return switch (name) {
            case "regions.csv" -> "region";
            case "organizations.csv" -> "organization";
            case "sites.csv" -> "site";
            case "devices.csv" -> "device";
            default -> null;
        };
    }

    /** The items of {@code type} in a registry document, as CSV text with a byte-order mark for spreadsheet programs. */
    static String export(JsonObject document, String type) {
        List<String> columns = COLUMNS.get(type);
        List<List<Object>> rows = new ArrayList<>();
        for (JsonObject item : items(document, type)) {
            List<Object> row = new ArrayList<>();
            for (String column : columns) {
                row.add(cell(item.getValue(column)));
            }
            rows.add(row);
        }
        return "\uFEFF" + CsvZip.csv(new Table(type, type, columns, rows));
    }

    private static List<JsonObject> items(JsonObject document, String type) {
        List<JsonObject> out = new ArrayList<>();
        if (type.equals("device")) {
            for (Object s : document.getJsonArray("sites", new JsonArray())) {
                if (s instanceof JsonObject site) {
                    for (Object d : site.getJsonArray("devices", new JsonArray())) {
                        if (d instanceof JsonObject device) {
                            out.add(device.copy().put("site", site.getString("id")));
                        }
                    }
                }
            }
            return out;
        }
        for (Object o : document.getJsonArray(type.equals("organization") ? "organizations" : type + "s", new JsonArray())) {
            if (o instanceof JsonObject item) {
                out.add(item);
            }
        }
        return out;
    }

    private static Object cell(Object value) {
        if (value instanceof JsonArray list) {
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(String.valueOf(v)));
            return String.join(";", parts);
        }
        if (value instanceof JsonObject object) {
            return object.isEmpty() ? null : object.encode();
        }
        return value instanceof Number n ? n.doubleValue() : value;
    }

    /** A CSV file read as changes: change {@code i} came from line {@code lines.get(i)}; problems found reading it. */
    record Read(JsonArray changes, List<Integer> lines, List<JsonObject> problems) {
    }

    /** A problem of the file, at a line and column when it has them. */
    static JsonObject problem(String message, Integer line, String column) {
        return new JsonObject().put("message", message).put("line", line).put("column", column);
    }

    static Read read(String type, String text) {
        List<JsonObject> problems = new ArrayList<>();
        JsonArray changes = new JsonArray();
        List<Integer> lines = new ArrayList<>();
        List<CsvRows.Row> rows;
        try {
            rows = CsvRows.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(problem(e.getMessage(), null, null));
            return new Read(changes, lines, problems);
        }
        if (rows.isEmpty()) {
            problems.add(problem("the file is empty: its first line names the columns, " + String.join(",", COLUMNS.get(type)), null, null));
            return new Read(changes, lines, problems);
        }
        List<String> header = rows.get(0).cells().stream().map(String::trim).toList();
        List<String> known = new ArrayList<>(COLUMNS.get(type));
        known.add(OP);
        for (int c = 0; c < header.size(); c++) {
            String column = header.get(c);
            if (header.indexOf(column) != c) {
                problems.add(problem("column '" + column + "' is named twice", rows.get(0).line(), column));
            }
            if (!known.contains(column)) {
                problems.add(problem("unknown column '" + column + "' for " + type + "s: the columns are " + String.join(", ", known),
                        rows.get(0).line(), column));
            }
        }
        if (!header.contains("id")) {
            problems.add(problem("there is no id column", rows.get(0).line(), null));
        }
        if (!problems.isEmpty()) {
            return new Read(changes, lines, problems);
        }
        for (CsvRows.Row row : rows.subList(1, rows.size())) {
            if (row.cells().size() > header.size()) {
                problems.add(problem("the row has " + row.cells().size() + " cells, the header " + header.size(), row.line(), null));
                continue;
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (int c = 0; c < row.cells().size(); c++) {
                String value = unprotect(row.cells().get(c).trim());
                if (!value.isEmpty()) {
                    cells.put(header.get(c), value);
                }
            }
            String op = cells.getOrDefault(OP, "put");
            if (op.equals("retire")) {
                changes.add(new JsonObject().put("op", "retire").put("type", type).put("id", cells.get("id")));
                lines.add(row.line());
                continue;
            }
            if (!op.equals("put")) {
                problems.add(problem("op '" + op + "' must be put or retire", row.line(), OP));
                continue;
            }
            JsonObject value = new JsonObject();
            boolean ok = true;
            for (Map.Entry<String, String> cell : cells.entrySet()) {
                if (cell.getKey().equals(OP)) {
                    continue;
                }
                try {
                    value.put(cell.getKey(), field(cell.getKey(), cell.getValue()));
                } catch (IllegalArgumentException e) {
                    problems.add(problem(e.getMessage(), row.line(), cell.getKey()));
                    ok = false;
                }
            }
            if (ok) {
                changes.add(new JsonObject().put("op", "put").put("type", type).put("value", value));
                lines.add(row.line());
            }
        }
        return new Read(changes, lines, problems);
    }

    private static Object field(String column, String text) {
        switch (column) {
            case "working_hours" -> {
                JsonArray hours = new JsonArray();
                for (String part : text.split(";")) {
                    if (!part.isBlank()) {
                        hours.add(part.trim());
                    }
                }
                return hours;
            }
            case "rules", "settings" -> {
                try {
                    return new JsonObject(text);
                } catch (DecodeException e) {
                    throw new IllegalArgumentException(column + " must be a JSON object such as {\"method\": \"hot_air\"}, found " + text);
                }
            }
            case "interval_s" -> {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("interval_s '" + text + "' is not a number of seconds");
                }
            }
            default -> {
                return text;
            }
        }
    }

    /** Undoes the apostrophe an export puts before text a spreadsheet would run as a formula. */
    private static String unprotect(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && "=+-@".indexOf(cell.charAt(1)) >= 0 ? cell.substring(1) : cell;
    }
}
