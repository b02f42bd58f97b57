package io.kitchenwatch.dashboards.certificates;

import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import io.kitchenwatch.dashboards.reports.Charts;
import io.kitchenwatch.dashboards.reports.HtmlReport;
import io.kitchenwatch.dashboards.reports.PdfDocuments;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A certificate as people read it: an HTML page (the public verification page, and the printable certificate) and a
 * PDF, each with the evidence, the curve against the threshold, the line camera's frames and a QR code that links to
 * {@code /verify/{certificate}}.
 */
public final class CertificateDocuments {
    /** The Content-Security-Policy the pages are served with: only their own inline style, images from this node and data. */
    public static final String POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String TITLE = "餐饮具消毒合格证明 Tableware disinfection certificate";
    private static final Map<String, String> METHODS = Map.of("hot_air", "红外/热风消毒 hot air", "steam", "蒸汽消毒 steam",
            "dishwasher", "洗碗机 dishwasher", "chlorine", "含氯消毒 chlorine");

    private CertificateDocuments() {
    }

    /**
     * @param frameUrl the address of a frame by role, for the page's images
     */
    public static String html(Certificate c, Verification v, String verifyUrl, Function<String, String> frameUrl) {
        JsonObject e = c.evidenceJson();
        StringBuilder h = new StringBuilder(32_768);
        h.append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>").append(esc(TITLE)).append(" · ").append(esc(c.id())).append("</title><style>")
                .append("body{font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;margin:20px auto;max-width:860px;color:#1d2733;padding:0 12px}")
                .append("h1{font-size:20px}table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #ccd;padding:5px 8px;text-align:left;vertical-align:top}")
                .append("th{background:#eef2f7;width:34%}.status{padding:12px 16px;border-radius:6px;font-size:18px;font-weight:bold;margin:12px 210px 12px 0}")
                .append(".ok{background:#e3f4e8;color:#1b6b34;border:2px solid #27ae60}.bad{background:#fde8e6;color:#9b1c14;border:2px solid #c0392b}")
                .append(".frames{display:flex;gap:10px;flex-wrap:wrap}.frames figure{margin:0;width:270px}.frames img{width:270px}")
                .append("figcaption{font-size:12px;color:#556}.mono{font-family:monospace;font-size:12px;word-break:break-all}.qr{float:right;margin-left:16px;text-align:center;font-size:11px}")
                .append("img.chart{width:100%}@media print{body{margin:0}}</style></head><body>");
        h.append("<div class=\"qr\"><img id=\"qr\" alt=\"QR code linking to the verification page\" width=\"180\" height=\"180\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(QrCodes.png(verifyUrl, 360))).append("\"><br>扫码验证 scan to verify</div>");
        h.append("<h1>").append(esc(TITLE)).append("</h1>");
        h.append("<div id=\"status\" class=\"status ").append(v.verified() ? "ok\">✔ 已验证 verified" : "bad\">✘ 未通过验证 not verified").append("</div>");
        if (v.verified()) {
            h.append("<p>签名有效，存储的证据与签发时一致。The signature is valid and the stored evidence is exactly what was signed.</p>");
        } else {
            h.append("<ul id=\"problems\">");
            v.problems().forEach(p -> h.append("<li>").append(esc(p)).append("</li>"));
            h.append("</ul>");
        }
        v.notes().forEach(n -> h.append("<p class=\"meta\">").append(esc(n)).append("</p>"));
        h.append("<table>");
        details(c, e).forEach((k, val) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(val)).append("</td></tr>"));
        h.append("</table>");
        byte[] chart = curveChart(e);
        if (chart != null) {
            h.append("<h2>温度曲线 Curve</h2><img class=\"chart\" alt=\"curve\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(chart)).append("\">");
        }
        JsonArray frames = e.getJsonArray("frames", new JsonArray());
        if (!frames.isEmpty()) {
            h.append("<h2>消毒线画面 Line camera</h2><div class=\"frames\">");
            for (Object o : frames) {
                JsonObject f = (JsonObject) o;
                h.append("<figure><img alt=\"").append(esc(f.getString("role"))).append(" frame\" src=\"")
                        .append(esc(frameUrl.apply(f.getString("role")))).append("\"><figcaption>").append(esc(role(f.getString("role"))))
                        .append(" · ").append(esc(f.getString("camera"))).append(" · ").append(time(f.getLong("ts")))
                        .append("<br><span class=\"mono\">SHA-256 ").append(esc(f.getString("sha256"))).append("</span></figcaption></figure>");
            }
            h.append("</div>");
        }
        h.append("<h2>签名 Signature</h2><table>")
                .append("<tr><th>SHA-256</th><td class=\"mono\">").append(esc(c.digest())).append("</td></tr>")
                .append("<tr><th>Ed25519</th><td class=\"mono\">").append(esc(c.signature())).append("</td></tr>")
                .append("<tr><th>key</th><td class=\"mono\">").append(esc(c.keyId()))
                .append(" (<a href=\"/.well-known/kitchenwatch-signing-key\">public key</a>)</td></tr></table>");
        h.append("<p class=\"mono\">").append(esc(verifyUrl)).append("</p></body></html>");
        return h.toString();
    }

    public static byte[] pdf(Certificate c, Verification v, String verifyUrl, Path framesDir) {
        JsonObject e = c.evidenceJson();
        return PdfDocuments.create(PageSize.A4, TITLE + " " + c.id(), "KitchenWatch · " + c.id(), (doc, writer) -> {
            PdfPTable head = new PdfPTable(new float[]{3, 1});
            head.setWidthPercentage(100);
            PdfPCell title = new PdfPCell();
            title.setBorder(0);
            title.addElement(new Paragraph(TITLE, PdfDocuments.font(16, Font.BOLD, Color.BLACK)));
            title.addElement(new Paragraph(v.verified() ? "✔ 已验证 verified at issue" : "✘ 未通过验证 not verified",
                    PdfDocuments.font(12, Font.BOLD, v.verified() ? new Color(0x1b, 0x6b, 0x34) : new Color(0x9b, 0x1c, 0x14))));
            v.problems().forEach(p -> title.addElement(new Paragraph(p, PdfDocuments.font(9, Font.NORMAL, Color.DARK_GRAY))));
            head.addCell(title);
            PdfPCell qr = new PdfPCell(PdfDocuments.image(QrCodes.png(verifyUrl, 360), 110));
            qr.setBorder(0);
            qr.setHorizontalAlignment(Element.ALIGN_RIGHT);
            head.addCell(qr);
            doc.add(head);
            List<List<Object>> rows = new ArrayList<>();
            details(c, e).forEach((k, val) -> rows.add(List.of(k, val)));
            doc.add(PdfDocuments.table(List.of("项目 item", "内容 value"), rows, 9));
            byte[] chart = curveChart(e);
            float width = doc.getPageSize().getWidth() - doc.leftMargin() - doc.rightMargin();
            if (chart != null) {
                doc.add(PdfDocuments.image(chart, width));
            }
            JsonArray frames = e.getJsonArray("frames", new JsonArray());
            if (!frames.isEmpty()) {
                PdfPTable pictures = new PdfPTable(3);
                pictures.setWidthPercentage(100);
                for (Object o : frames) {
                    JsonObject f = (JsonObject) o;
                    Path file = framesDir.resolve(c.id() + "-" + f.getString("role") + ".jpg");
                    PdfPCell cell = new PdfPCell();
                    cell.setBorder(0);
                    if (Files.isRegularFile(file)) {
                        cell.addElement(PdfDocuments.image(Files.readAllBytes(file), width / 3 - 8));
                    }
                    cell.addElement(new Paragraph(role(f.getString("role")) + " · " + time(f.getLong("ts")), PdfDocuments.font(8, Font.NORMAL, Color.DARK_GRAY)));
                    pictures.addCell(cell);
                }
                for (int i = frames.size(); i % 3 != 0; i++) {
                    PdfPCell empty = new PdfPCell();
                    empty.setBorder(0);
                    pictures.addCell(empty);
                }
                doc.add(pictures);
            }
            doc.add(new Paragraph("SHA-256 " + c.digest(), PdfDocuments.font(7, Font.NORMAL, Color.DARK_GRAY)));
            doc.add(new Paragraph("Ed25519 (key " + c.keyId() + ") " + c.signature(), PdfDocuments.font(7, Font.NORMAL, Color.DARK_GRAY)));
            doc.add(new Paragraph(verifyUrl, PdfDocuments.font(8, Font.NORMAL, Color.BLUE)));
        });
    }

    /** The evidence as labelled lines, in the order a reader checks them. */
    static Map<String, String> details(Certificate c, JsonObject e) {
        Map<String, String> d = new LinkedHashMap<>();
        JsonObject plant = e.getJsonObject("plant", new JsonObject());
        JsonObject deliverTo = e.getJsonObject("deliver_to");
        double held = e.getDouble("held_s", 0.0);
        double required = e.getDouble("required_s", 0.0);
        d.put("证书编号 Certificate", c.id());
        String company = plant.getString("organization_name");
        String plantName = plant.getString("name", c.site());
        d.put("消毒单位 Plant", plantName + (company == null || company.equals(plantName) ? "" : " · " + company));
        d.put("消毒柜 Cabinet", e.getString("cabinet", ""));
        d.put("批次 Batch", e.getString("batch", ""));
        d.put("消毒方式 Method", METHODS.getOrDefault(e.getString("method", ""), e.getString("method", "")));
        d.put("开始 Start", time(e.getLong("start", 0L)));
        d.put("结束 End", time(e.getLong("end", 0L)));
        d.put("达标保持 Held at ≥ " + number(e.getDouble("threshold", 0.0)) + " " + unit(e.getString("field", "")),
                minutes(held) + "（要求 required " + minutes(required) + "）" + (held >= required ? " ✔" : " ✘"));
        d.put("最高值 Peak", e.getValue("max_value") == null ? "—" : number(e.getDouble("max_value")) + " " + unit(e.getString("field", "")));
        d.put("读数 Readings", e.getValue("samples") + " · 开门 door openings " + e.getValue("door_openings"));
        d.put("判定 Verdict", "compliant".equals(e.getString("verdict")) ? "合格 compliant" : String.valueOf(e.getString("verdict")));
        d.put("配送至 Delivered to", deliverTo == null ? "—" : deliverTo.getString("name") + " (" + deliverTo.getString("site") + ")");
        d.put("签发 Issued", time(e.getLong("issued", c.issued())));
        return d;
    }

    private static byte[] curveChart(JsonObject e) {
        JsonArray curve = e.getJsonArray("curve", new JsonArray());
        if (curve.isEmpty()) {
            return null;
        }
        List<double[]> points = new ArrayList<>(curve.size());
        for (Object o : curve) {
            JsonArray p = (JsonArray) o;
            points.add(new double[]{p.getLong(0), p.getDouble(1)});
        }
        return Charts.curve(points, e.getLong("start"), e.getDouble("threshold"), e.getString("field") + " (" + unit(e.getString("field")) + ")", 900, 320);
    }

    private static String role(String role) {
        return switch (role) {
            case "start" -> "开始 start";
            case "hold" -> "达温 hold";
            case "end" -> "结束 end";
            default -> role;
        };
    }

    private static String unit(String field) {
        return field.endsWith("_c") ? "°C" : field.endsWith("_mg_l") ? "mg/L" : "";
    }

    private static String minutes(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.1f", v);
    }

    /** A time as certificates show it: to the second, in Asia/Shanghai. */
    static String time(long ms) {
        return TIME.format(Instant.ofEpochMilli(ms).atZone(ZONE));
    }

    private static String esc(String s) {
        return HtmlReport.esc(s == null ? "" : s);
    }
}
