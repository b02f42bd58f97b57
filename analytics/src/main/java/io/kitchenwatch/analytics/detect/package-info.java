/**
 * Optional object detection in camera snapshots (no hat, no mask, smoking, phone, rodent, uncovered bin): the
 * {@code ObjectDetector} contract, a YOLO-style ONNX model the operator supplies, run by OpenCV DNN (no weights ship
 * or are downloaded), and the rules that turn detections confirmed over several frames into alerts. CPU-bound and not
 * thread-safe: one detector per worker.
 */
package io.kitchenwatch.analytics.detect;
