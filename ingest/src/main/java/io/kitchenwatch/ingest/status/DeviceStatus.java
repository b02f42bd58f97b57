package io.kitchenwatch.ingest.status;

import io.kitchenwatch.devices.model.OfflineRule;

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
    public DeviceStatus {
        latest = Map.copyOf(latest);
    }

    /** Online when its last word was a birth (or nothing) and it has not been silent too long ({@link OfflineRule}). */
    public boolean online(long now) {
        if (reportedOnline.isPresent() && !reportedOnline.get()) {
            return false;
        }
        return lastSeen > 0 && !OfflineRule.silentTooLong(lastSeen, now, expectedInterval);
    }
}
