package io.kitchenwatch.devices.retry;

import java.time.Duration;

/**
 * How every loop that retries waits: exponential backoff from {@code first}, doubling up to {@code max}, reset by a
 * success. One type for all of them, so a retry loop is read (and tuned) in one place.
 */
public record RetryPolicy(Duration first, Duration max) {
    /** Writes to the time-series store (readings, verdicts, alerts, derived points): retried until it takes them. */
    public static final RetryPolicy STORE_WRITE = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5));
    /** Forwarding a device message to the cluster's Kafka (its MQTT original stays unacknowledged meanwhile). */
    public static final RetryPolicy KAFKA_SEND = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5));
    /** Connecting to the MQTT broker. */
    public static final RetryPolicy MQTT_CONNECT = new RetryPolicy(Duration.ofMillis(250), Duration.ofSeconds(30));
    /** Reopening a camera's stream. */
    public static final RetryPolicy CAMERA_STREAM = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1));
    /** Publishing a dead letter while the MQTT client's inflight window is full (its original stays unacknowledged). */
    public static final RetryPolicy DEAD_LETTER = new RetryPolicy(Duration.ofMillis(10), Duration.ofSeconds(1));
    /** Handing stored messages to the next stage when it is not (yet) listening. */
    public static final RetryPolicy STAGE_HAND_OFF = new RetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(1));

    public RetryPolicy {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max: " + first + ", " + max);
        }
    }

    /** The wait before retry number {@code attempt} (0 for the first retry), for loops that schedule rather than sleep. */
    public long delayMillis(int attempt) {
        long first = this.first.toMillis();
        return attempt >= 62 || first << Math.min(attempt, 62) > max.toMillis() ? max.toMillis() : first << attempt;
    }

    /** A fresh backoff for one loop (not thread-safe: one per loop). */
    public Backoff backoff() {
        return new Backoff(this);
    }

    /** The wait before the next attempt of one retry loop. */
    public static final class Backoff {
        private final RetryPolicy policy;
        private int attempt;

        private Backoff(RetryPolicy policy) {
            this.policy = policy;
        }

        /** How long the next {@link #pause} will wait. */
        public long nextMillis() {
            return policy.delayMillis(attempt);
        }

        /** Waits before the next attempt; each wait doubles the one before, up to the policy's most. */
        public void pause() throws InterruptedException {
            long wait = nextMillis();
            attempt = Math.min(attempt + 1, 62);
            Thread.sleep(wait);
        }

        /** An attempt succeeded: the next failure starts again from the first wait. */
        public void reset() {
            attempt = 0;
        }
    }
}
