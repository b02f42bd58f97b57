package io.kitchenwatch.ingest.store;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Encodes points as InfluxDB line protocol with millisecond timestamps, byte for byte as influxdb-client-java's
 * {@code Point} does (tags and fields sorted by key, the same escaping, numbers without exponent), at a fraction of its
 * cost: it formats every double through {@code DecimalFormat} and builds a sorted map per point, which made encoding
 * the store writer's largest cost (docs/performance.md).
 */
public final class LineProtocol {
    private LineProtocol() {
    }

    /** One line per point, separated by newlines; points without fields are left out, as the client does. */
    public static String encode(List<StorePoint> points) {
        StringBuilder out = new StringBuilder(points.size() * 128);
        for (StorePoint p : points) {
            int start = out.length();
            if (out.length() > 0) {
                out.append('\n');
            }
            if (!appendLine(out, p)) {
                out.setLength(start);
            }
        }
        return out.toString();
    }

    private static boolean appendLine(StringBuilder out, StorePoint p) {
        escape(out, p.measurement(), false);
        Map<String, String> tags = p.tags();
        for (String key : sortedKeys(tags)) {
            String value = tags.get(key);
            if (key.isEmpty() || value == null || value.isEmpty()) {
                continue;
            }
            out.append(',');
            escape(out, key, true);
            out.append('=');
            escape(out, value, true);
        }
        char separator = ' ';
        Map<String, Object> fields = p.fields();
        for (String key : sortedKeys(fields)) {
            Object v = fields.get(key);
            if (v == null || (v instanceof Number n && !Double.isFinite(n.doubleValue()))) {
                continue; // the client leaves out what line protocol cannot carry
            }
            out.append(separator);
            separator = ',';
            escape(out, key, true);
            out.append('=');
            if (v instanceof Number n) {
                appendDouble(out, n.doubleValue());
            } else if (v instanceof Boolean b) {
                out.append(b.booleanValue());
            } else {
                out.append('"');
                String s = String.valueOf(v);
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c == '\\' || c == '"') {
                        out.append('\\');
                    }
                    out.append(c);
                }
                out.append('"');
            }
        }
        if (separator == ' ') {
            return false;
        }
        out.append(' ').append(p.tsMillis());
        return true;
    }

    private static String[] sortedKeys(Map<String, ?> map) {
        String[] keys = map.keySet().toArray(new String[0]);
        if (keys.length > 1) {
            Arrays.sort(keys);
        }
        return keys;
    }

    /**
     * Measurements escape commas and spaces; tag keys, tag values and field keys also equals signs. Line breaks and
     * tabs are written as {@code \n}, {@code \r}, {@code \t}.
     */
    private static void escape(StringBuilder out, String s, boolean equalsToo) {
        if (!needsEscape(s, equalsToo)) {
            out.append(s); // names are validated identifiers: the usual case, copied whole
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case ' ', ',' -> out.append('\\').append(c);
                case '=' -> {
                    if (equalsToo) {
                        out.append('\\');
                    }
                    out.append(c);
                }
                default -> out.append(c);
            }
        }
    }

    private static boolean needsEscape(String s, boolean equalsToo) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == ',' || c == '\n' || c == '\r' || c == '\t' || (equalsToo && c == '=')) {
                return true;
            }
        }
        return false;
    }

    /**
     * The shortest decimal that reads back as {@code d}, with at least one fraction digit and never in exponent form
     * (what the client's {@code DecimalFormat} writes).
     */
    static void appendDouble(StringBuilder out, double d) {
        String s = Double.toString(d);
        if (s.indexOf('E') < 0) {
            out.append(s);
            return;
        }
        String plain = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        out.append(plain);
        if (plain.indexOf('.') < 0) {
            out.append(".0");
        }
    }
}
