package io.kitchenwatch.analytics.detect;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import java.nio.file.Path;
import java.util.List;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImage;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

/** A YOLO-style ONNX detector: the snapshot stretched to a square input, RGB scaled to 0..1, outputs parsed. */
public final class OnnxYoloDetector implements ObjectDetector {
    static final float MAX_OVERLAP = 0.45f;
    private final OnnxModel model;
    private final int inputSize;
    private final List<String> classes;
    private final float minScore;

    public OnnxYoloDetector(Path modelFile, int inputSize, List<String> classes, float minScore) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("an object detector needs its class names, in the model's order");
        }
        this.model = new OnnxModel(modelFile);
        this.inputSize = inputSize;
        this.classes = List.copyOf(classes);
        this.minScore = minScore;
    }

    @Override
    public List<Detection> detect(byte[] jpeg) {
        try (PointerScope scope = new PointerScope()) {
            Mat image = imdecode(new Mat(1, jpeg.length, CV_8UC1, new BytePointer(jpeg)), IMREAD_COLOR);
            if (image == null || image.empty()) {
                return List.of();
            }
            Mat blob = blobFromImage(image, 1 / 255.0, new Size(inputSize, inputSize), new Scalar(0.0), true, false, 5);
            OnnxModel.Tensor out = model.forward(blob);
            long[] shape = out.shape();
            return YoloOutputParser.parse(out.data(), shape, classes, minScore, MAX_OVERLAP,
                    image.cols() / (float) inputSize, image.rows() / (float) inputSize);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
