package io.kitchenwatch.ingest.camera;

import io.kitchenwatch.devices.retry.RetryPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.BiConsumer;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

/**
 * Pulls one camera's stream (RTSP, HTTP, or a file) with FFmpeg and hands a JPEG snapshot every interval to
 * {@code sink}, exactly as if the camera had published it. Reconnects with backoff when the stream fails; a file is
 * played again from the start when it ends. Runs on its own thread (FFmpeg blocks).
 */
public final class StreamPuller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPuller.class);
    private final String device;
    private final String url;
    private final long intervalMs;
    private final BiConsumer<String, byte[]> sink;
    private final Counter snapshots;
    private final Counter failures;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param sink receives (device, JPEG) */
    public StreamPuller(String device, String url, Duration interval, MeterRegistry meters, BiConsumer<String, byte[]> sink) {
        this.device = device;
        this.url = url;
        this.intervalMs = interval.toMillis();
        this.sink = sink;
        this.snapshots = Counter.builder("kw.streams.snapshots").tag("device", device).description("snapshots taken from pulled streams").register(meters);
        this.failures = Counter.builder("kw.streams.failures").tag("device", device).description("stream connections that failed or dropped").register(meters);
        this.thread = new Thread(this::run, "kw-stream-" + device);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        RetryPolicy.Backoff backoff = RetryPolicy.CAMERA_STREAM.backoff();
        while (running) {
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url);
                 OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
                grabber.setOption("rw_timeout", "10000000");   // microseconds: a dead stream fails instead of hanging
                grabber.setOption("stimeout", "10000000");
                grabber.start();
                backoff.reset();
                long next = 0;
                Frame frame;
                while (running && (frame = grabber.grabImage()) != null) {
                    long now = System.currentTimeMillis();
                    if (now >= next) {
                        next = now + intervalMs;
                        Mat image = converter.convert(frame);
                        if (image != null && !image.empty()) {
                            sink.accept(device, jpeg(image));
                            snapshots.increment();
                        }
                    }
                    if (grabber.getFrameRate() > 0 && isFile()) {
                        Thread.sleep((long) (1000 / grabber.getFrameRate())); // play files at their own pace
                    }
                }
                grabber.stop();
                if (running && !isFile()) {
                    throw new IllegalStateException("stream ended");
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failures.increment();
                LOG.warn("camera {} stream {} failed ({}); reconnecting in {} ms", device, url, e.getMessage(), backoff.nextMillis());
                try {
                    backoff.pause();
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private boolean isFile() {
        return !url.contains("://") || url.startsWith("file:");
    }

    private static byte[] jpeg(Mat image) {
        BytePointer buf = new BytePointer();
        try {
            imencode(".jpg", image, buf);
            byte[] bytes = new byte[(int) buf.limit()];
            buf.get(bytes);
            return bytes;
        } finally {
            buf.deallocate();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
