package io.kitchenwatch.dashboards.reports;

import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;

import java.awt.Color;
import java.util.List;

/**
 * A report as PDF (OpenPDF), A4 landscape: title, charts, then every table. Long listings (every batch, every ledger
 * line) stop after {@value #MAX_LISTED} rows with a pointer to the CSV, which always has them all.
 */
public final class PdfReport {
    static final int MAX_LISTED = 400;

    private PdfReport() {
    }

    public static byte[] render(Report r) {
        String meta = r.meta();
        return PdfDocuments.create(PageSize.A4.rotate(), r.title(), "KitchenWatch · " + r.scope().name() + " · " + r.period().label(),
                (doc, writer) -> {
                    doc.add(new Paragraph(r.title(), PdfDocuments.font(16, Font.BOLD, Color.BLACK)));
                    doc.add(new Paragraph(meta, PdfDocuments.font(9, Font.NORMAL, Color.DARK_GRAY)));
                    float width = doc.getPageSize().getWidth() - doc.leftMargin() - doc.rightMargin();
                    if (!r.passRateByPlant().isEmpty()) {
                        doc.add(PdfDocuments.image(Charts.passRate(r.passRateByPlant(), 900, 80 + 40 * r.passRateByPlant().size()), width * 0.7f));
                    }
                    if (!r.alertsByType().isEmpty()) {
                        doc.add(PdfDocuments.image(Charts.alerts(r.alertsByType(), 900, 100 + 36 * r.alertsByType().size()), width * 0.7f));
                    }
                    for (Table t : r.tables()) {
                        Paragraph heading = new Paragraph(t.title(), PdfDocuments.font(11, Font.BOLD, Color.BLACK));
                        heading.setSpacingBefore(8);
                        doc.add(heading);
                        if (t.rows().isEmpty()) {
                            doc.add(new Paragraph("none in this period", PdfDocuments.font(8, Font.ITALIC, Color.GRAY)));
                            continue;
                        }
                        List<List<Object>> rows = t.rows().size() > MAX_LISTED ? t.rows().subList(0, MAX_LISTED) : t.rows();
                        doc.add(PdfDocuments.table(t.columns(), rows, 7.5f));
                        if (rows.size() < t.rows().size()) {
                            doc.add(new Paragraph("first " + MAX_LISTED + " of " + t.rows().size() + " rows; " + t.id()
                                    + ".csv in the CSV download lists them all", PdfDocuments.font(8, Font.ITALIC, Color.GRAY)));
                        }
                    }
                });
    }
}
