package io.kitchenwatch.analytics.camera;

import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;

import java.util.List;

/**
 * A small grey picture as a zero-mean, unit-length vector, so that comparing two views (their dot product, -1..1)
 * ignores brightness and contrast and only sees what is where.
 */
final class ViewVector {
    private ViewVector() {
    }

    /** From an 8-bit single-channel picture already shrunk to the view size. */
    static float[] of(Mat small) {
        UByteIndexer idx = small.createIndexer();
        int w = small.cols();
        int h = small.rows();
        float[] v = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = idx.get(y, x);
            }
        }
        return normalised(v);
    }

    /** The direction of several views together (their normalised sum). */
    static float[] mean(List<float[]> views) {
        float[] sum = new float[views.get(0).length];
        for (float[] v : views) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        return normalised(sum);
    }

    static double similarity(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    private static float[] normalised(float[] v) {
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] -= (float) mean;
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            v[i] = norm > 1e-6 ? (float) (v[i] / norm) : 0f;
        }
        return v;
    }
}
