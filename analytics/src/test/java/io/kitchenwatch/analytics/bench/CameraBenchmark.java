package io.kitchenwatch.analytics.bench;

import io.kitchenwatch.analytics.camera.CameraHealth;
import io.kitchenwatch.analytics.camera.FrameMeasurer;
import io.kitchenwatch.analytics.camera.FrameMetrics;
import io.kitchenwatch.analytics.camera.MotionDetector;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Camera snapshots analysed per second on one core at 640x480 (decode, health measures, health rules, motion),
 * beside decoding the same JPEGs alone (the baseline, in the same run). Frames: vtest.avi from Debian's opencv-doc.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CameraBenchmark {
    private final List<byte[]> jpegs = new ArrayList<>();
    private final FrameMeasurer measurer = new FrameMeasurer();
    private CameraHealth health;
    private MotionDetector motion;
    private int next;
    private long ts;

    @Setup(Level.Trial)
    public void frames() throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber("/usr/share/doc/opencv-doc/examples/data/vtest.avi");
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.start();
            for (int i = 0; i < 100; i++) {
                Mat frame = converter.convert(grabber.grabImage());
                Mat vga = new Mat();
                resize(frame, vga, new Size(640, 480), 0, 0, INTER_AREA);
                BytePointer buf = new BytePointer();
                imencode(".jpg", vga, buf);
                byte[] bytes = new byte[(int) buf.limit()];
                buf.get(bytes);
                jpegs.add(bytes);
            }
            grabber.stop();
        }
    }

    @Setup(Level.Iteration)
    public void freshCamera() {
        health = new CameraHealth("s", "cam");
        motion = new MotionDetector();
    }

    @TearDown(Level.Iteration)
    public void release() {
        motion.close();
    }

    /** Baseline: decode one 640x480 JPEG to grey. */
    @Benchmark
    public void decodeOnly(Blackhole bh) {
        byte[] jpeg = jpegs.get(next++ % jpegs.size());
        try (PointerScope scope = new PointerScope()) {
            Mat grey = imdecode(new Mat(1, jpeg.length, CV_8UC1, new BytePointer(jpeg)), IMREAD_GRAYSCALE);
            bh.consume(grey.rows());
        }
    }

    /** Decode, measure, camera-health rules and background-subtraction motion for one snapshot. */
    @Benchmark
    public void healthAndMotion(Blackhole bh) {
        byte[] jpeg = jpegs.get(next++ % jpegs.size());
        FrameMetrics m = measurer.measure(jpeg).orElseThrow();
        bh.consume(health.onFrame(ts += 10_000, m));
        bh.consume(motion.foreground(m.motionView()));
    }
}
