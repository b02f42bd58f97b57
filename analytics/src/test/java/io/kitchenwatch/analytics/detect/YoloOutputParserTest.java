package io.kitchenwatch.analytics.detect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YoloOutputParserTest {
    static final List<String> CLASSES = List.of("no_hat", "rodent", "smoking");

    @Test
    void readsRowsPerBoxWithObjectnessAndSuppressesOverlaps() {
        float[] data = {
                // cx, cy, w, h, objectness, no_hat, rodent, smoking
                100, 100, 40, 80, 0.9f, 0.9f, 0.05f, 0.05f,   // no_hat 0.81
                102, 101, 40, 80, 0.8f, 0.9f, 0.05f, 0.05f,   // no_hat 0.72, overlaps the first: suppressed
                300, 200, 20, 10, 0.9f, 0.1f, 0.8f, 0.1f,     // rodent 0.72
                500, 400, 30, 30, 0.2f, 0.1f, 0.1f, 0.9f,     // smoking 0.18: below the threshold
        };
        List<Detection> d = YoloOutputParser.parse(data, new long[] {1, 4, 8}, CLASSES, 0.25f, 0.45f, 2f, 0.5f);
        assertEquals(2, d.size(), d.toString());
        Detection hat = d.get(0);
        assertEquals("no_hat", hat.label());
        assertEquals(0.81f, hat.score(), 1e-6);
        assertEquals((100 - 20) * 2f, hat.x(), 1e-4);
        assertEquals((100 - 40) * 0.5f, hat.y(), 1e-4);
        assertEquals(80f, hat.width(), 1e-4);
        assertEquals(40f, hat.height(), 1e-4);
        assertEquals("rodent", d.get(1).label());
    }

    @Test
    void readsTransposedColumnsPerBoxWithoutObjectness() {
        // [1, 4 + 3, 2]: two boxes, values by row = attribute
        float[] data = {
                50, 400,      // cx
                60, 300,      // cy
                10, 100,      // w
                20, 50,       // h
                0.1f, 0.7f,   // no_hat
                0.6f, 0.1f,   // rodent
                0.0f, 0.0f};  // smoking
        List<Detection> d = YoloOutputParser.parse(data, new long[] {1, 7, 2}, CLASSES, 0.5f, 0.45f, 1f, 1f);
        assertEquals(List.of("no_hat", "rodent"), d.stream().map(Detection::label).toList());
        assertEquals(350f, d.get(0).x(), 1e-4);
    }

    @Test
    void aTensorOfAnotherShapeIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> YoloOutputParser.parse(new float[12], new long[] {1, 3, 4}, CLASSES, 0.5f, 0.45f, 1, 1));
        assertTrue(e.getMessage().contains("does not fit 3 classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> YoloOutputParser.parse(new float[18], new long[] {1, 2, 9}, CLASSES, 0.5f, 0.45f, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> YoloOutputParser.parse(new float[15], new long[] {1, 2, 8}, CLASSES, 0.5f, 0.45f, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> YoloOutputParser.parse(new float[4], new long[] {2, 2}, CLASSES, 0.5f, 0.45f, 1, 1));
    }
}
