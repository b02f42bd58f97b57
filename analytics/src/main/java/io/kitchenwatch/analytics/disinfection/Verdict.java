package io.kitchenwatch.analytics.disinfection;

import java.util.Locale;

/** The outcome of a disinfection batch. Only a compliant batch may be shipped. */
public enum Verdict {
    COMPLIANT, NON_COMPLIANT, UNVERIFIABLE, ABANDONED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
