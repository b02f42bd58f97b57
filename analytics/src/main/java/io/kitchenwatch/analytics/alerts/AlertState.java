package io.kitchenwatch.analytics.alerts;

import java.util.Locale;

/** The closed loop of the county plan: detect → acknowledge → rectify → verify → close. */
public enum AlertState {
    OPEN, ACKNOWLEDGED, RECTIFYING, VERIFIED, CLOSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertState fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
