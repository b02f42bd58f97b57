package io.kitchenwatch.devices.model;

import java.time.Duration;

/**
 * When a device counts as offline: after a Last Will, or once it has been silent for {@value #SILENT_INTERVALS}
 * report intervals. The one definition behind both the status the API shows and the
 * {@code device_offline} alert, so they never disagree about the same silence.
 */
public final class OfflineRule {
    public static final int SILENT_INTERVALS = 3;

    private OfflineRule() {
    }

    /** The silence after which a device counts as offline. */
    public static Duration silenceLimit(Duration reportInterval) {
        return reportInterval.multipliedBy(SILENT_INTERVALS);
    }

    /** Whether a device last heard at {@code lastHeard} (epoch ms) is offline by silence at {@code now}. */
    public static boolean silentTooLong(long lastHeard, long now, Duration reportInterval) {
        // not silenceLimit(): Duration.multipliedBy goes through BigDecimal, and a province's overview asks 100,000 times
        return now - lastHeard >= reportInterval.toMillis() * SILENT_INTERVALS;
    }

    /**
     * Whether a device heard at {@code previous} and next at {@code next} was offline in between: silent too long at
     * some instant before {@code next} (at {@code next} itself it is heard again).
     */
    public static boolean offlineBetween(long previous, long next, Duration reportInterval) {
        return silentTooLong(previous, next - 1, reportInterval);
    }

    /** The first instant (epoch ms) at which a device last heard at {@code lastHeard} is offline by silence. */
    public static long offlineFrom(long lastHeard, Duration reportInterval) {
        return lastHeard + silenceLimit(reportInterval).toMillis();
    }
}
