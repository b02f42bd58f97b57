package io.kitchenwatch.dashboards.reports;

import com.lowagie.text.pdf.BaseFont;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The CJK font every report, chart and certificate is drawn with (WenQuanYi Micro Hei, Apache-2.0, shipped in the
 * jar), so Chinese names print the same on any machine and open in any PDF reader: the PDF embeds the glyphs it uses.
 */
public final class CjkFont {
    private static final String RESOURCE = "/fonts/wqy-microhei.ttc";
    private static volatile byte[] bytes;
    private static volatile BaseFont pdfFont;
    private static volatile Font awtFont;

    private CjkFont() {
    }

    /** For OpenPDF: Unicode (Identity-H), embedded as a subset. */
    public static BaseFont pdf() {
        if (pdfFont == null) {
            synchronized (CjkFont.class) {
                if (pdfFont == null) {
                    try {
                        pdfFont = BaseFont.createFont("wqy-microhei.ttc,0", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true, bytes(), null);
                    } catch (IOException | RuntimeException e) {
                        throw new IllegalStateException("cannot load the report font " + RESOURCE, e);
                    }
                }
            }
        }
        return pdfFont;
    }

    /** For Java2D (charts), at {@code size} points. */
    public static Font awt(int style, float size) {
        if (awtFont == null) {
            synchronized (CjkFont.class) {
                if (awtFont == null) {
                    try {
                        awtFont = Font.createFonts(new ByteArrayInputStream(bytes()))[0];
                    } catch (IOException | FontFormatException e) {
                        throw new IllegalStateException("cannot load the chart font " + RESOURCE, e);
                    }
                }
            }
        }
        return awtFont.deriveFont(style, size);
    }

    private static byte[] bytes() {
        if (bytes == null) {
            try (InputStream in = CjkFont.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the jar");
                }
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes;
    }
}
