package io.kitchenwatch.analytics.anomaly;

/**
 * Which statistical checks watch one numeric field of a device kind. A zero turns a check off.
 *
 * @param field        the telemetry field
 * @param zRaise       EWMA z-score at which a value is anomalous (cleared below {@code zRaise / 2})
 * @param alpha        EWMA weight of a new value
 * @param warmup       values learnt before any z-score alert
 * @param stuckSamples this many identical values in a row is a stuck (flat-lined) sensor
 * @param maxRatePerMin largest plausible change per minute (absolute); faster is a rate-of-change alert
 */
public record FieldDetector(String field, double zRaise, double alpha, int warmup, int stuckSamples, double maxRatePerMin) {
}
