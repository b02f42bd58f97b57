package io.kitchenwatch.devices.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What kind of kitchen or plant a site is. */
public enum SiteKind {
    SCHOOL_CANTEEN, RESTAURANT, DISINFECTION_PLANT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SiteKind> fromWire(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
    }
}
