package io.kitchenwatch.analytics.detect;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real ONNX files from Debian's libonnx-testdata, loaded and run through OpenCV DNN. */
class OnnxModelIT {
    static final Path MAXPOOL = Path.of("/usr/share/libonnx-testdata/data/node/test_maxpool_2d_default/model.onnx");

    @Test
    void aRealModelLoadsAndComputes() {
        assertTrue(Files.isReadable(MAXPOOL), MAXPOOL + " is missing: the README's test command installs libonnx-testdata");
        try (OnnxModel model = new OnnxModel(MAXPOOL)) {
            // 2x2 max pooling, stride 1, of a ramp: every output is its window's bottom-right input
            float[] input = new float[3 * 32 * 32];
            for (int i = 0; i < input.length; i++) {
                input[i] = i;
            }
            Mat blob = new Mat(new int[] {1, 3, 32, 32}, CV_32F);
            new FloatPointer(blob.data()).put(input);
            OnnxModel.Tensor out = model.forward(blob);
            assertArrayEquals(new long[] {1, 3, 31, 31}, out.shape());
            assertEquals(33f, out.data()[0]);
            assertEquals(2 * 1024 + 30 * 32 + 30 + 33f, out.data()[2 * 961 + 30 * 31 + 30]);
        }
    }

    @Test
    void aModelThatIsNotADetectorSaysSo() throws Exception {
        try (OnnxYoloDetector detector = new OnnxYoloDetector(MAXPOOL, 32, List.of("rodent"), 0.5f)) {
            var image = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
            var bytes = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "jpeg", bytes);
            byte[] jpeg = bytes.toByteArray();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> detector.detect(jpeg));
            assertTrue(e.getMessage().contains("expected a [1, N, 5+C] or [1, 4+C, N] output"), e.getMessage());
        }
    }

    @Test
    void aMissingOrBrokenFileIsAClearError(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OnnxModel(dir.resolve("none.onnx")))
                .getMessage().contains("not a readable file"));
        Path junk = dir.resolve("junk.onnx");
        Files.writeString(junk, "not a model");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OnnxModel(junk)).getMessage().contains("junk.onnx"));
    }
}
