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
        PdfPTable t = new PdfPTable(columns.size());
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

    /** A PNG scaled to fit {@code width} points. */
    public static Image image(byte[] png, float width) throws IOException {
        Image image = Image.getInstance(png);
        image.scaleToFit(width, 10_000);
        return image;
    }
}
