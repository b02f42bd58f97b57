package io.kitchenwatch.analytics.camera;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import java.util.Optional;
import java.util.zip.CRC32;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.Sobel;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Decodes a JPEG snapshot and measures it with OpenCV at reduced resolution. CPU-bound and blocking: run it on a
 * worker thread, never an event loop. Each call frees its native memory before returning.
 */
public final class FrameMeasurer {
    static final int WORK_WIDTH = 320;
    static final int WORK_HEIGHT = 240;
    static final int THUMB_WIDTH = 32;
    static final int THUMB_HEIGHT = 24;
    public static final int MOTION_WIDTH = 160;
    public static final int MOTION_HEIGHT = 120;

    /** Empty when the bytes do not decode as an image. */
    public Optional<FrameMetrics> measure(byte[] jpeg) {
        try (PointerScope scope = new PointerScope()) {
            Mat encoded = new Mat(1, jpeg.length, CV_8UC1, new BytePointer(jpeg));
            Mat full = imdecode(encoded, IMREAD_GRAYSCALE);
            if (full == null || full.empty()) {
                return Optional.empty();
            }
            long hash = hash(full);
            Mat work = new Mat();
            resize(full, work, new Size(WORK_WIDTH, WORK_HEIGHT), 0, 0, INTER_AREA);
            double[] ms = meanStd(work);
            // focus as second-derivative over first-derivative energy: blur takes the fine detail first, while a
            // large plain object walking in adds both, so the ratio tracks the lens rather than the scene
            Mat lap = new Mat();
            Laplacian(work, lap, CV_64F);
            double lapStd = meanStd(lap)[1];
            Mat gx = new Mat();
            Mat gy = new Mat();
            Sobel(work, gx, CV_64F, 1, 0);
            Sobel(work, gy, CV_64F, 0, 1);
            double gxStd = meanStd(gx)[1];
            double gyStd = meanStd(gy)[1];
            double sharpness = lapStd * lapStd / Math.max(1.0, gxStd * gxStd + gyStd * gyStd);
            Mat thumb = new Mat();
            resize(full, thumb, new Size(THUMB_WIDTH, THUMB_HEIGHT), 0, 0, INTER_AREA);
            Mat small = new Mat();
            resize(work, small, new Size(MOTION_WIDTH, MOTION_HEIGHT), 0, 0, INTER_AREA);
            byte[] motionView = new byte[MOTION_WIDTH * MOTION_HEIGHT];
            for (int y = 0; y < MOTION_HEIGHT; y++) {
                small.ptr(y).get(motionView, y * MOTION_WIDTH, MOTION_WIDTH);
            }
            return Optional.of(new FrameMetrics(ms[0], ms[1], sharpness, hash, ViewVector.of(thumb), motionView));
        }
    }

    private static double[] meanStd(Mat m) {
        Mat mean = new Mat();
        Mat std = new Mat();
        meanStdDev(m, mean, std);
        DoubleIndexer mi = mean.createIndexer();
        DoubleIndexer si = std.createIndexer();
        return new double[] {mi.get(0), si.get(0)};
    }

    private static long hash(Mat grey) {
        CRC32 crc = new CRC32();
        byte[] row = new byte[grey.cols()];
        for (int y = 0; y < grey.rows(); y++) {
            grey.ptr(y).get(row);
            crc.update(row);
        }
        return crc.getValue();
    }
}
