package io.kitchenwatch.analytics.camera;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_video.BackgroundSubtractorMOG2;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_video.createBackgroundSubtractorMOG2;

/**
 * Motion in one camera's snapshots by background subtraction (MOG2) on a small grey picture. Specks of sensor noise
 * are opened away; a change over most of the picture is the lights, not a visitor. Holds native memory: {@link #close}.
 */
public final class MotionDetector implements AutoCloseable {
    /** Foreground share of the picture from which there is motion. */
    static final double MIN_FOREGROUND = 0.004;
    /** Foreground share above which the whole scene changed (lights on or off, exposure), which is not motion. */
    static final double GLOBAL_CHANGE = 0.6;
    static final int WARMUP_FRAMES = 5;
    private final BackgroundSubtractorMOG2 mog2 = createBackgroundSubtractorMOG2(50, 25, false);
    private final Mat kernel = getStructuringElement(MORPH_RECT, new Size(3, 3));
    private int frames;

    /** The share of the picture that moved (0 when the scene changed as a whole or while warming up). */
    public double foreground(byte[] view) {
        try (PointerScope scope = new PointerScope()) {
            Mat grey = new Mat(FrameMeasurer.MOTION_HEIGHT, FrameMeasurer.MOTION_WIDTH, CV_8UC1, new BytePointer(view));
            Mat mask = new Mat();
            mog2.apply(grey, mask);
            morphologyEx(mask, mask, MORPH_OPEN, kernel);
            double share = countNonZero(mask) / (double) view.length;
            frames++;
            if (frames <= WARMUP_FRAMES || share > GLOBAL_CHANGE) {
                return 0;
            }
            return share;
        }
    }

    public static boolean isMotion(double foreground) {
        return foreground >= MIN_FOREGROUND;
    }

    @Override
    public void close() {
        mog2.close();
        kernel.close();
    }
}
