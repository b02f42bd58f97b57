package io.kitchenwatch.analytics.camera;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Reads a cabinet's indicator light or door from a camera's region of interest. A light is on when its region is
 * clearly brighter than the picture ({@value #LIT_MARGIN} grey levels); a door is open when its region no longer looks
 * like the closed door the watcher learnt from the first {@value #LEARN_FRAMES} frames. Not thread-safe.
 */
public final class RoiWatcher {
    static final double LIT_MARGIN = 50;
    static final int LEARN_FRAMES = 5;
    static final double CLOSED_SIMILARITY = 0.6;
    static final int VIEW = 16;
    private final Roi roi;
    private final List<float[]> learning = new ArrayList<>();
    private float[] closed;

    public RoiWatcher(Roi roi) {
        this.roi = roi;
    }

    public Roi roi() {
        return roi;
    }

    /** The state seen in this frame (true = light on / door open); empty while a door watcher is still learning. */
    public Optional<Boolean> observe(byte[] jpeg) {
        try (PointerScope scope = new PointerScope()) {
            Mat grey = imdecode(new Mat(1, jpeg.length, CV_8UC1, new BytePointer(jpeg)), IMREAD_GRAYSCALE);
            if (grey == null || grey.empty()) {
                return Optional.empty();
            }
            Rect r = new Rect((int) (roi.x() * grey.cols()), (int) (roi.y() * grey.rows()),
                    Math.max(1, (int) (roi.w() * grey.cols())), Math.max(1, (int) (roi.h() * grey.rows())));
            Mat region = grey.apply(r);
            if (roi.watch() == Roi.Watch.INDICATOR_LIGHT) {
                Scalar regionMean = mean(region);
                Scalar pictureMean = mean(grey);
                return Optional.of(regionMean.get(0) >= pictureMean.get(0) + LIT_MARGIN);
            }
            float[] view = view(region);
            if (closed == null) {
                learning.add(view);
                if (learning.size() >= LEARN_FRAMES) {
                    closed = ViewVector.mean(learning);
                    learning.clear();
                }
                return Optional.empty();
            }
            return Optional.of(ViewVector.similarity(view, closed) < CLOSED_SIMILARITY);
        }
    }

    private static float[] view(Mat region) {
        Mat small = new Mat();
        resize(region, small, new Size(VIEW, VIEW), 0, 0, INTER_AREA);
        return ViewVector.of(small);
    }
}
