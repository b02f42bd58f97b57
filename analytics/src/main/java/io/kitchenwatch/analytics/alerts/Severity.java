package io.kitchenwatch.analytics.alerts;

import java.util.Locale;

/** How urgent an alert is, most urgent first. */
public enum Severity {
    CRITICAL, MAJOR, MINOR, INFO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
