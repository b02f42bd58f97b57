package io.kitchenwatch.analytics.detect;

import java.util.List;

/**
 * Finds objects in a camera snapshot (no hat, no mask, smoking, phone, rodent, uncovered bin ...). Implementations
 * are CPU-bound and not thread-safe: one per worker thread.
 */
public interface ObjectDetector extends AutoCloseable {
    List<Detection> detect(byte[] jpeg);

    @Override
    void close();
}
