package io.kitchenwatch.analytics.camera;

/**
 * What camera health looks at in one snapshot.
 *
 * @param meanLuma   mean grey level 0..255
 * @param stdLuma    standard deviation of the grey level (contrast)
 * @param sharpness  variance of the Laplacian over the gradient energy: focus, independent of brightness, contrast
 *                   and of how much there is in the picture
 * @param pixelHash  CRC of the decoded grey pixels: equal hashes mean not a single pixel of sensor noise changed
 * @param thumbnail  a small zero-mean, unit-norm grey image, for comparing views
 * @param motionView the grey picture at {@value FrameMeasurer#MOTION_WIDTH}x{@value FrameMeasurer#MOTION_HEIGHT}, for
 *                   background subtraction
 */
public record FrameMetrics(double meanLuma, double stdLuma, double sharpness, long pixelHash, float[] thumbnail,
                           byte[] motionView) {
    /** Normalised cross-correlation of two views, -1..1 (1 = the same view, whatever the lighting). */
    public double similarity(float[] other) {
        return ViewVector.similarity(thumbnail, other);
    }
}
