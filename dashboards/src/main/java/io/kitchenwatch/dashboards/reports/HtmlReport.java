package io.kitchenwatch.dashboards.reports;

import java.util.Base64;

/**
 * A report as one self-contained printable HTML page (styles inline, charts as embedded PNG), so it can be saved,
 * mailed or printed to paper as it is. Served with a policy that allows nothing but its own inline style and images.
 */
public final class HtmlReport {
    /** The Content-Security-Policy the page is served with. */
    public static final String POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
    /** Rows of one table the page lists; the CSV has them all. */
    static final int MAX_LISTED = 2_000;

    private HtmlReport() {
    }

    public static String render(Report r) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").append(esc(r.title()))
                .append(" · ").append(esc(r.scope().name())).append(" · ").append(esc(r.period().label())).append("</title><style>")
                .append("body{font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;margin:24px;color:#1d2733}")
                .append("h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:22px 0 6px;border-bottom:1px solid #ccd}")
                .append("table{border-collapse:collapse;font-size:12px;width:100%}th,td{border:1px solid #ccd;padding:3px 6px;text-align:left}")
                .append("th{background:#eef2f7}td.n{text-align:right}.meta{color:#556;font-size:13px}.no{color:#b3261e;font-weight:bold}")
                .append("img{max-width:100%}.charts{display:flex;gap:12px;flex-wrap:wrap}")
                .append("@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}</style></head><body>");
        h.append("<h1>").append(esc(r.title())).append("</h1><p class=\"meta\">").append(esc(r.meta())).append("</p>");
        h.append("<div class=\"charts\">");
        if (!r.passRateByPlant().isEmpty()) {
            image(h, Charts.passRate(r.passRateByPlant(), 640, 80 + 40 * r.passRateByPlant().size()), "pass rate by plant");
        }
        if (!r.alertsByType().isEmpty()) {
            image(h, Charts.alerts(r.alertsByType(), 640, 100 + 40 * r.alertsByType().size()), "alerts by type");
        }
        h.append("</div>");
        for (Table t : r.tables()) {
            h.append("<h2 id=\"").append(esc(t.id())).append("\">").append(esc(t.title())).append("</h2>");
            if (t.rows().isEmpty()) {
                h.append("<p class=\"meta\">none in this period</p>");
                continue;
            }
            var rows = t.rows().size() > MAX_LISTED ? t.rows().subList(0, MAX_LISTED) : t.rows();
            h.append("<table><thead><tr>");
            t.columns().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
            h.append("</tr></thead><tbody>");
            for (var row : rows) {
                h.append("<tr>");
                for (Object cell : row) {
                    String text = Cells.text(cell);
                    h.append(cell instanceof Number ? "<td class=\"n\">" : "no".equals(text) ? "<td class=\"no\">" : "<td>")
                            .append(esc(text)).append("</td>");
                }
                h.append("</tr>");
            }
            h.append("</tbody></table>");
            if (rows.size() < t.rows().size()) {
                h.append("<p class=\"meta\">first ").append(MAX_LISTED).append(" of ").append(t.rows().size()).append(" rows; ")
                        .append(esc(t.id())).append(".csv in the CSV download lists them all</p>");
            }
        }
        return h.append("</body></html>").toString();
    }

    private static void image(StringBuilder h, byte[] png, String alt) {
        h.append("<img alt=\"").append(alt).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">");
    }

    /** Escapes text for HTML content and attribute values. */
    public static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
