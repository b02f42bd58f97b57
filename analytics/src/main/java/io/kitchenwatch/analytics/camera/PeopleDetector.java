package io.kitchenwatch.analytics.camera;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.HOGDescriptor;
import org.bytedeco.javacpp.DoublePointer;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Counts people in a snapshot with OpenCV's built-in HOG people detector (no model files). Slow (~100 ms at
 * 640x480), so it runs only where it matters: special rooms outside their use, when something moved. Misses people
 * smaller than about 100 pixels. Not thread-safe; one per worker. Holds native memory: {@link #close}.
 */
public final class PeopleDetector implements AutoCloseable {
    static final int WIDTH = 800;
    static final double MIN_WEIGHT = 0.5;
    private final HOGDescriptor hog = new HOGDescriptor();

    public PeopleDetector() {
        hog.setSVMDetector(new Mat(HOGDescriptor.getDefaultPeopleDetector()));
    }

    public int count(byte[] jpeg) {
        try (PointerScope scope = new PointerScope()) {
            Mat grey = imdecode(new Mat(1, jpeg.length, CV_8UC1, new BytePointer(jpeg)), IMREAD_GRAYSCALE);
            if (grey == null || grey.empty()) {
                return 0;
            }
            Mat work = grey;
            if (grey.cols() > WIDTH) {
                work = new Mat();
                resize(grey, work, new Size(WIDTH, grey.rows() * WIDTH / grey.cols()), 0, 0, INTER_AREA);
            }
            RectVector found = new RectVector();
            DoublePointer weights = new DoublePointer();
            hog.detectMultiScale(work, found, weights, 0, new Size(8, 8), new Size(16, 16), 1.05, 2, false);
            int people = 0;
            for (long i = 0; i < found.size(); i++) {
                if (i >= weights.limit() || weights.get(i) >= MIN_WEIGHT) {
                    people++;
                }
            }
            return people;
        }
    }

    @Override
    public void close() {
        hog.close();
    }
}
