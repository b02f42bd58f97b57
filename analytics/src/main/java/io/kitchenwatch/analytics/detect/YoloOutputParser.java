package io.kitchenwatch.analytics.detect;

import java.util.function.IntToDoubleFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the output tensor of a YOLO-style detector into detections. Two layouts are understood:
 * {@code [1, N, 5 + C]} (YOLOv5/v7: centre x, centre y, width, height, objectness, C class scores per row) and
 * {@code [1, 4 + C, N]} (YOLOv8 and later: the same without objectness, transposed). Boxes are in the network's input
 * pixels and scaled back by {@code scaleX}/{@code scaleY}; overlapping boxes of one class are suppressed (NMS).
 */
public final class YoloOutputParser {
    private YoloOutputParser() {
    }

    public static List<Detection> parse(float[] data, long[] shape, List<String> classes, float minScore, float maxOverlap,
                                        float scaleX, float scaleY) {
        int c = classes.size();
        if (shape.length != 3 || shape[0] != 1) {
            throw new IllegalArgumentException("expected a [1, N, 5+C] or [1, 4+C, N] output, got " + Arrays.toString(shape));
        }
        boolean rowsPerBox = shape[2] == 5 + c;
        boolean columnsPerBox = shape[1] == 4 + c;
        if (!rowsPerBox && !columnsPerBox) {
            throw new IllegalArgumentException("output " + Arrays.toString(shape) + " does not fit " + c
                    + " classes as [1, N, 5+C] or [1, 4+C, N]");
        }
        if (data.length != shape[1] * shape[2]) {
            throw new IllegalArgumentException("output holds " + data.length + " values, its shape says " + shape[1] * shape[2]);
        }
        int boxes = (int) (rowsPerBox ? shape[1] : shape[2]);
        int stride = (int) shape[2];
        List<Detection> found = new ArrayList<>();
        for (int b = 0; b < boxes; b++) {
            final int box = b;
            IntToDoubleFunction at = rowsPerBox ? k -> data[box * stride + k] : k -> data[k * stride + box];
            double objectness = rowsPerBox ? at.applyAsDouble(4) : 1.0;
            int first = rowsPerBox ? 5 : 4;
            int best = -1;
            double bestScore = 0;
            for (int k = 0; k < c; k++) {
                double s = objectness * at.applyAsDouble(first + k);
                if (s > bestScore) {
                    bestScore = s;
                    best = k;
                }
            }
            if (best < 0 || bestScore < minScore) {
                continue;
            }
            double cx = at.applyAsDouble(0);
            double cy = at.applyAsDouble(1);
            double w = at.applyAsDouble(2);
            double h = at.applyAsDouble(3);
            found.add(new Detection(classes.get(best), (float) bestScore, (float) ((cx - w / 2) * scaleX),
                    (float) ((cy - h / 2) * scaleY), (float) (w * scaleX), (float) (h * scaleY)));
        }
        return suppress(found, maxOverlap);
    }

    /** Non-maximum suppression per class: keep the best box, drop the others that overlap it too much. */
    static List<Detection> suppress(List<Detection> found, float maxOverlap) {
        List<Detection> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            boolean overlaps = kept.stream().anyMatch(k -> k.label().equals(d.label()) && k.iou(d) > maxOverlap);
            if (!overlaps) {
                kept.add(d);
            }
        }
        return kept;
    }
}
