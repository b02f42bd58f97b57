package io.kitchenwatch.ingest.status;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What is known of one device now.
 *
 * @param kind            registry kind, or empty for an unregistered device
 * @param reportedOnline  its last birth/Last Will, empty when it never sent one
 * @param lastSeen        wall-clock arrival of its last message (epoch ms), 0 when never seen
 * @param lastReadingTs   event time of its newest telemetry, 0 when none
 * @param latest          newest value of each telemetry field
 */
public record DeviceStatus(String site, String device, Optional<String> kind, boolean registered,
                           Optional<Boolean> reportedOnline, long lastSeen, long lastReadingTs,
                           Map<String, Object> latest, Duration expectedInterval) {
    /** Silence longer than this many report intervals counts as offline. */
    public static final int SILENT_INTERVALS = 3;

    public DeviceStatus {
        latest = Map.copyOf(latest);
    }

    /** Online when its last word was a birth (or nothing) and it spoke within three report intervals. */
    public boolean online(long now) {
        if (reportedOnline.isPresent() && !reportedOnline.get()) {
            return false;
        }
        return lastSeen > 0 && now - lastSeen <= SILENT_INTERVALS * expectedInterval.toMillis();
    }
}
