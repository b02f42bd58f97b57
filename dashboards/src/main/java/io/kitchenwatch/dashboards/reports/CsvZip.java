package io.kitchenwatch.dashboards.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A report as a zip of CSV files, one per table plus {@code summary.csv}: UTF-8 with a byte-order mark (so spreadsheet
 * programs read the Chinese names), RFC 4180 quoting, and text that a spreadsheet would run as a formula
 * ({@code = + - @} first) prefixed with an apostrophe.
 */
public final class CsvZip {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private CsvZip() {
    }

    public static byte[] render(Report report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            entry(zip, "summary.csv", new Table("summary", "", List.of("key", "value"), List.of(
                    List.of("title", report.title()),
                    List.of("scope", report.scope().kind() + " " + report.scope().label()),
                    List.of("period", report.period().label()),
                    List.of("from", report.period().time(report.period().from())),
                    List.of("to", report.period().time(report.period().to())),
                    List.of("complete", report.period().to() <= report.generatedAt() ? "yes" : "no: until " + report.period().time(report.generatedAt())),
                    List.of("time_zone", report.period().zone().getId()),
                    List.of("sites", report.scope().sites().size()),
                    List.of("generated", report.period().time(report.generatedAt())))));
            for (Table t : report.tables()) {
                entry(zip, t.id() + ".csv", t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, Table table) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(BOM);
        zip.write(csv(table).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    public static String csv(Table t) {
        StringBuilder out = new StringBuilder();
        line(out, t.columns().stream().map(c -> (Object) c).toList());
        t.rows().forEach(r -> line(out, r));
        return out.toString();
    }

    private static void line(StringBuilder out, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(cells.get(i)));
        }
        out.append("\r\n");
    }

    private static String field(Object cell) {
        String s = Cells.text(cell);
        if (!(cell instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            s = '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
