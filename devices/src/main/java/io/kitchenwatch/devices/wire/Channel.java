package io.kitchenwatch.devices.wire;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The last level of a device topic. */
public enum Channel {
    TELEMETRY, EVENT, FRAME, STATE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Channel> fromWire(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
    }
}
