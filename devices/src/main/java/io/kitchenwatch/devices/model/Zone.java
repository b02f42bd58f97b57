package io.kitchenwatch.devices.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kitchen zone a camera watches. */
public enum Zone {
    RAW_PROCESSING, CUTTING, COOKING, SERVING, SPECIAL_ROOM, DISHWASHING, SAMPLE_RETENTION, STOREROOM,
    DISINFECTION_LINE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Zone> fromWire(String name) {
        return Arrays.stream(values()).filter(z -> z.wireName().equals(name)).findFirst();
    }
}
