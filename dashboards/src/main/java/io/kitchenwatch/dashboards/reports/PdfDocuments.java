package io.kitchenwatch.dashboards.reports;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfWriter;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The parts reports and certificates share in PDF: fonts from {@link CjkFont}, tables, images, a page footer. */
public final class PdfDocuments {
    static final Color HEADER_FILL = new Color(0xee, 0xf2, 0xf7);
    static final Color BAD = new Color(0xb3, 0x26, 0x1e);

    /** Writes the body into a new document of {@code size} and answers the PDF's bytes. */
    public interface Body {
        void write(Document doc, PdfWriter writer) throws DocumentException, IOException;
    }

    private PdfDocuments() {
    }

    public static byte[] create(Rectangle size, String title, String footer, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(size, 36, 36, 36, 42);
        try {
            PdfWriter writer = PdfWriter.getInstance(doc, out);
            writer.setPageEvent(new PdfPageEventHelper() {
                @Override
                public void onEndPage(PdfWriter w, Document d) {
                    ColumnText.showTextAligned(w.getDirectContent(), Element.ALIGN_LEFT,
                            new Phrase(footer + " · " + w.getPageNumber(), font(7, Font.NORMAL, Color.GRAY)), d.left(), d.bottom() - 20, 0);
                }
            });
            doc.addTitle(title);
            doc.addCreator("KitchenWatch");
            doc.open();
            body.write(doc, writer);
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot lay out " + title, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static Font font(float size, int style, Color color) {
        return new Font(CjkFont.pdf(), size, style, color);
    }

    /** A table of header cells and rows, repeating the header on every page. */
    public static PdfPTable table(List<String> columns, List<List<Object>> rows, float fontSize) {
        PdfPTable t = new PdfPTable(widths(columns, rows));
        t.setWidthPercentage(100);
        t.setHeaderRows(1);
        t.setSpacingBefore(4);
        t.setSpacingAfter(8);
        for (String c : columns) {
            PdfPCell cell = new PdfPCell(new Phrase(c, font(fontSize, Font.BOLD, Color.BLACK)));
            cell.setBackgroundColor(HEADER_FILL);
            t.addCell(cell);
        }
        for (List<Object> row : rows) {
            for (Object value : row) {
                String text = Cells.text(value);
                PdfPCell cell = new PdfPCell(new Phrase(text, font(fontSize, Font.NORMAL, "no".equals(text) ? BAD : Color.BLACK)));
                if (value instanceof Number) {
                    cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
                }
                t.addCell(cell);
            }
        }
        return t;
    }

    /** Relative column widths from the longest text of each column (wide characters count twice), within bounds. */
    static float[] widths(List<String> columns, List<List<Object>> rows) {
        float[] w = new float[columns.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = Math.max(4, visualLength(columns.get(c)));
        }
        for (List<Object> row : rows.subList(0, Math.min(rows.size(), 200))) {
            for (int c = 0; c < w.length && c < row.size(); c++) {
                w[c] = Math.max(w[c], visualLength(Cells.text(row.get(c))));
            }
        }
        for (int c = 0; c < w.length; c++) {
            w[c] = Math.min(w[c], 34);
        }
        return w;
    }

    private static int visualLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += s.charAt(i) >= 0x2E80 ? 2 : 1;
        }
        return n;
    }

    /** A PNG scaled to fit {@code width} points. */
    public static Image image(byte[] png, float width) throws IOException {
        Image image = Image.getInstance(png);
        image.scaleToFit(width, 10_000);
        return image;
    }
}
