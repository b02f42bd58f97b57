package io.kitchenwatch.devices.wire;

import java.time.Duration;

/**
 * Bounds on what a device may send.
 *
 * @param maxJsonBytes   largest telemetry, event or state payload
 * @param maxFrameBytes  largest JPEG snapshot
 * @param maxValues      most values in one telemetry message
 * @param maxTextLength  longest string value or event attribute
 * @param maxFutureSkew  how far a device clock may run ahead of ours
 * @param maxAge         how old a reading may be (replays of recorded days stay well inside)
 */
public record ValidationLimits(int maxJsonBytes, int maxFrameBytes, int maxValues, int maxTextLength,
                               Duration maxFutureSkew, Duration maxAge) {
    public static final ValidationLimits DEFAULTS = new ValidationLimits(16 * 1024, 2 * 1024 * 1024, 64, 128,
            Duration.ofMinutes(5), Duration.ofDays(365));
}
