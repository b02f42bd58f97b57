package io.kitchenwatch.devices.registry;

import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.model.Zone;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A device the registry knows.
 *
 * @param zone             the zone a camera watches (empty for other kinds)
 * @param reportInterval   how often it is expected to report; silence for three intervals is offline
 * @param settings         kind-specific settings, e.g. {@code method} of a cabinet, {@code capacity_kg} of a bin,
 *                         {@code stream_url} of a camera
 */
public record RegisteredDevice(String id, String site, DeviceKind kind, Optional<Zone> zone, Duration reportInterval,
                               Map<String, Object> settings) {
    public RegisteredDevice {
        settings = Map.copyOf(settings);
    }
}
