package io.kitchenwatch.analytics.engine;

import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.DeviceStateChange;
import io.kitchenwatch.devices.model.OfflineRule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a device is offline ({@link OfflineRule}): by its Last Will, by a silent gap between consecutive readings or
 * events (event time, so a replay finds the same outages), or by silence reported
 * from outside ({@link #silent}, driven by live timers). Any later reading or event clears it. A camera that only
 * sends frames is heard by their arrival times, which stay out of the event-time gap check.
 */
final class OfflineWatch {
    private final String site;
    private final String device;
    private final Duration reportInterval;
    private final long silenceMs;
    private long lastTs = Long.MIN_VALUE;
    private long lastFrameArrival = Long.MIN_VALUE;
    private boolean offline;

    OfflineWatch(String site, String device, Duration reportInterval) {
        this.site = site;
        this.device = device;
        this.reportInterval = reportInterval;
        this.silenceMs = OfflineRule.silenceLimit(reportInterval).toMillis();
    }

    /**
     * A birth or a Last Will. These carry arrival time, not the device's clock, so they stay out of the event-time
     * gap check: a Will raises offline at once; a birth waits for data to clear it.
     */
    List<Finding> onState(DeviceStateChange s) {
        if (s.online() || offline) {
            return List.of();
        }
        offline = true;
        return List.of(Finding.raise(AlertType.DEVICE_OFFLINE, site, device, s.ts(), 0,
                Map.of("reason", "last_will", "last_seen", lastTs == Long.MIN_VALUE ? s.ts() : lastTs)));
    }

    /**
     * A camera frame. Frames are stamped on arrival, not by the device's clock, so like births and wills they stay
     * out of the event-time gap check (live silence timers watch them); a frame does show the camera is back.
     */
    List<Finding> onFrame(DeviceMessage frame) {
        lastFrameArrival = Math.max(lastFrameArrival, frame.ts());
        if (!offline) {
            return List.of();
        }
        offline = false;
        return List.of(Finding.clear(AlertType.DEVICE_OFFLINE, site, device, frame.ts()));
    }

    /** A reading or event, in event-time order. */
    List<Finding> onData(DeviceMessage m) {
        List<Finding> out = new ArrayList<>(2);
        if (!offline && lastTs != Long.MIN_VALUE && OfflineRule.offlineBetween(lastTs, m.ts(), reportInterval)) {
            out.add(Finding.raise(AlertType.DEVICE_OFFLINE, site, device, lastTs + silenceMs, 0,
                    Map.of("reason", "silent", "last_seen", lastTs, "silent_s", (m.ts() - lastTs) / 1000.0)));
            offline = true;
        }
        if (offline) {
            offline = false;
            out.add(Finding.clear(AlertType.DEVICE_OFFLINE, site, device, m.ts()));
        }
        lastTs = Math.max(lastTs, m.ts());
        return out;
    }

    List<Finding> silent(long at) {
        long lastHeard = Math.max(lastTs, lastFrameArrival);
        if (offline || lastHeard == Long.MIN_VALUE || !OfflineRule.silentTooLong(lastHeard, at, reportInterval)) {
            return List.of();
        }
        offline = true;
        return List.of(Finding.raise(AlertType.DEVICE_OFFLINE, site, device, at, 0,
                Map.of("reason", "silent", "last_seen", lastHeard, "silent_s", (at - lastHeard) / 1000.0)));
    }

    /** The device was judged offline before a restart (its alert is still open): the next message clears it. */
    void recallOffline() {
        offline = true;
    }

    /** A frame that arrived before a restart (its stored time), so silence since then is judged from it. */
    void heardFrame(long arrival) {
        lastFrameArrival = Math.max(lastFrameArrival, arrival);
    }
}
