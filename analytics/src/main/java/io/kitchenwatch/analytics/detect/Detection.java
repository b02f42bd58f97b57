package io.kitchenwatch.analytics.detect;

/** One object found in a picture: its class, confidence and box (pixels of the original picture, top-left based). */
public record Detection(String label, float score, float x, float y, float width, float height) {
    float iou(Detection o) {
        float ix = Math.max(0, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
        float iy = Math.max(0, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
        float inter = ix * iy;
        float union = width * height + o.width * o.height - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
