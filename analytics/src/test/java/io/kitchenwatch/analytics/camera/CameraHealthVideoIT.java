package io.kitchenwatch.analytics.camera;

import io.kitchenwatch.analytics.alerts.Finding;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Camera health on real pictures: OpenCV's vtest.avi (people walking in a hall, from Debian's opencv-doc), an ffmpeg
 * test pattern, and those frames made black, overexposed, blurred, frozen, covered and turned away; each condition is
 * raised after a few frames and cleared on recovery, and normal, noisy night and dim scenes raise nothing.
 */
class CameraHealthVideoIT {
    static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");
    static final List<Mat> HALL = new ArrayList<>();
    static final FrameMeasurer MEASURER = new FrameMeasurer();
    private long ts = 1_764_400_000_000L;

    @BeforeAll
    static void readVideo() throws Exception {
        assertTrue(Files.isReadable(VTEST), VTEST + " is missing: the README's test command installs opencv-doc");
        HALL.addAll(frames(VTEST, 60));
    }

    static List<Mat> frames(Path video, int count) throws Exception {
        List<Mat> out = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            Frame f;
            while (out.size() < count && (f = grabber.grabImage()) != null) {
                out.add(converter.convert(f).clone());
            }
            grabber.stop();
        }
        return out;
    }

    static byte[] jpeg(Mat bgr) {
        BytePointer buf = new BytePointer();
        imencode(".jpg", bgr, buf);
        byte[] bytes = new byte[(int) buf.limit()];
        buf.get(bytes);
        buf.deallocate();
        return bytes;
    }

    private List<String> feed(CameraHealth health, List<Mat> frames, UnaryOperator<Mat> change) {
        return feed(health, frames, change, false);
    }

    private List<String> feed(CameraHealth health, List<Mat> frames, UnaryOperator<Mat> change, boolean localMotion) {
        List<String> out = new ArrayList<>();
        for (Mat m : frames) {
            byte[] bytes = jpeg(change.apply(m));
            for (Finding f : health.onFrame(ts, MEASURER.measure(bytes).orElseThrow(), localMotion)) {
                out.add((f.raised() ? "+" : "-") + f.type().wireName());
            }
            ts += 10_000;
        }
        return out;
    }

    private CameraHealth learnt(List<Mat> frames) {
        CameraHealth h = new CameraHealth("s", "cam");
        assertEquals(List.of(), feed(h, frames.subList(0, 10), m -> m));
        assertTrue(!h.learning(), h.toString());
        return h;
    }

    static Mat scaled(Mat m, double alpha, double beta) {
        Mat out = new Mat();
        m.convertTo(out, -1, alpha, beta);
        return out;
    }

    private static final java.util.Random NOISE = new java.util.Random(11);

    /** Adds sensor noise: gaussian, sigma grey levels (around +3 sigma, then shifted back, to stay in 0..255). */
    static Mat noisy(Mat m, double sigma) {
        Mat noise = new Mat(m.size(), CV_8UC3);
        byte[] b = new byte[(int) (m.total() * 3)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Math.max(0, Math.min(255, Math.round(sigma * 3 + NOISE.nextGaussian() * sigma)));
        }
        noise.data().put(b);
        Mat out = new Mat();
        add(m, noise, out);
        return scaled(out, 1, -sigma * 3);
    }

    @Test
    void peopleWalkingThroughTheHallRaiseNothing() {
        CameraHealth h = learnt(HALL);
        assertEquals(List.of(), feed(h, HALL.subList(10, 60), m -> m));
    }

    @Test
    void aBlackPictureIsRaisedAfterThreeFramesAndClearedOnRecovery() {
        CameraHealth h = learnt(HALL);
        List<String> seen = feed(h, HALL.subList(10, 16), m -> noisy(scaled(m, 0.02, 0), 1));
        assertEquals(List.of("+camera_black"), seen);
        assertEquals(List.of("-camera_black"), feed(h, HALL.subList(16, 22), m -> m));
    }

    @Test
    void aBlindingPictureIsOverexposed() {
        CameraHealth h = learnt(HALL);
        assertEquals(List.of("+camera_overexposed"), feed(h, HALL.subList(10, 16), m -> scaled(m, 0.2, 230)));
        assertEquals(List.of("-camera_overexposed"), feed(h, HALL.subList(16, 22), m -> m));
    }

    @Test
    void aSmearedLensIsBlurred() {
        CameraHealth h = learnt(HALL);
        assertEquals(List.of("+camera_blurred"), feed(h, HALL.subList(10, 16), m -> {
            Mat out = new Mat();
            GaussianBlur(m, out, new Size(31, 31), 0);
            return out;
        }));
        assertEquals(List.of("-camera_blurred"), feed(h, HALL.subList(16, 22), m -> m));
    }

    @Test
    void theSamePictureAgainAndAgainIsFrozen() {
        CameraHealth h = learnt(HALL);
        Mat still = HALL.get(10);
        assertEquals(List.of("+camera_frozen"), feed(h, HALL.subList(10, 16), m -> still));
        assertEquals(List.of("-camera_frozen"), feed(h, HALL.subList(16, 22), m -> m));
    }

    @Test
    void aCoveredLensIsOccluded() {
        CameraHealth h = learnt(HALL);
        Mat cover = new Mat(HALL.get(0).size(), CV_8UC3, new Scalar(70, 80, 90, 0));
        assertEquals(List.of("+camera_occluded"), feed(h, HALL.subList(10, 16), m -> noisy(cover, 1)));
        assertEquals(List.of("-camera_occluded"), feed(h, HALL.subList(16, 22), m -> m));
    }

    @Test
    void aCameraTurnedAwayHasMoved() {
        CameraHealth h = learnt(HALL);
        // knocked sideways: the view pans by 40 % of its width and tilts (what was at the edge is now in the middle)
        assertEquals(List.of("+camera_moved"), feed(h, HALL.subList(10, 16), m -> {
            Mat shift = new Mat(2, 3, org.bytedeco.opencv.global.opencv_core.CV_64F);
            org.bytedeco.javacpp.indexer.DoubleIndexer k = shift.createIndexer();
            k.put(0, 0, 1).put(0, 1, 0).put(0, 2, -0.4 * m.cols()).put(1, 0, 0).put(1, 1, 1).put(1, 2, 0.25 * m.rows());
            Mat out = new Mat();
            org.bytedeco.opencv.global.opencv_imgproc.warpAffine(m, out, shift, m.size(), INTER_LINEAR,
                    org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT, new Scalar());
            return out;
        }));
        assertEquals(List.of("-camera_moved"), feed(h, HALL.subList(16, 22), m -> m));
    }

    @Test
    void aStaticNoisyKitchenAtNightRaisesNothing() {
        CameraHealth h = learnt(HALL);
        Mat empty = HALL.get(0);
        List<Mat> night = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            night.add(empty);
        }
        assertEquals(List.of(), feed(h, night, m -> noisy(scaled(m, 0.3, 0), 3)));
    }

    @Test
    void peopleWalkingIntoAStillNightSceneAreNeitherBlurNorAMovedCamera() {
        CameraHealth h = new CameraHealth("s", "cam");
        Mat empty = HALL.get(0);
        List<Mat> still = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            still.add(empty);
        }
        assertEquals(List.of(), feed(h, still, m -> noisy(scaled(m, 0.3, 0), 3)));
        assertEquals(List.of(), feed(h, HALL.subList(20, 40), m -> noisy(scaled(m, 0.3, 0), 3), true));
    }

    @Test
    void aDimStoreroomLearnsItIsDimAndIsNotBlack() {
        List<Mat> dim = new ArrayList<>();
        for (Mat m : HALL.subList(0, 40)) {
            dim.add(noisy(scaled(m, 0.09, 0), 2));
        }
        CameraHealth h = new CameraHealth("s", "storeroom");
        assertEquals(List.of(), feed(h, dim, m -> m));
    }

    @Test
    void anFfmpegTestPatternIsAHealthyPicture(@TempDir Path dir) throws Exception {
        Path pattern = dir.resolve("testsrc.mkv");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=size=640x480:rate=5", "-t", "8", "-c:v", "ffv1", pattern.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        List<Mat> frames = frames(pattern, 40);
        assertEquals(40, frames.size());
        CameraHealth h = learnt(frames);
        assertEquals(List.of(), feed(h, frames.subList(10, 40), m -> m));
        assertEquals(List.of("+camera_black"), feed(h, frames.subList(10, 14), m -> noisy(scaled(m, 0, 3), 1)));
    }
}
