package io.kitchenwatch.analytics.detect;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_dnn.Net;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;

/**
 * A user-supplied ONNX model run by OpenCV DNN on the CPU. No weights ship with KitchenWatch and none are downloaded.
 * Not thread-safe. Holds native memory: {@link #close}.
 */
public final class OnnxModel implements AutoCloseable {
    /** An output tensor: values in row-major order and its shape. */
    public record Tensor(float[] data, long[] shape) {
    }

    private final Net net;
    private final Path path;

    public OnnxModel(Path path) {
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("ONNX model " + path + " is not a readable file");
        }
        Net loaded;
        try {
            loaded = readNetFromONNX(path.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("OpenCV cannot load ONNX model " + path + ": " + e.getMessage(), e);
        }
        if (loaded == null || loaded.empty()) {
            throw new IllegalArgumentException("ONNX model " + path + " loaded empty");
        }
        this.net = loaded;
        this.path = path;
    }

    /** Runs the model on one input blob (NCHW float) and returns its first output. */
    public Tensor forward(Mat blob) {
        net.setInput(blob);
        Mat out = net.forward();
        long[] shape = new long[out.dims()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = out.size(i);
            n *= shape[i];
        }
        float[] data = new float[(int) n];
        new FloatPointer(out.data()).get(data);
        return new Tensor(data, shape);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        net.close();
    }
}
