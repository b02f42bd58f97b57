package io.kitchenwatch.devices.model;

import java.util.regex.Pattern;

/** The one id rule of the wire contract: sites, devices, batches and people are {@code [A-Za-z0-9_-]{1,64}}. */
public final class Identifiers {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Field names are lower snake case so they are safe as InfluxDB fields and QuestDB columns. */
    public static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private Identifiers() {
    }

    public static boolean isValidId(String s) {
        return s != null && ID.matcher(s).matches();
    }

    public static boolean isValidField(String s) {
        return s != null && FIELD.matcher(s).matches();
    }

    public static String requireId(String s, String what) {
        if (!isValidId(s)) {
            throw new IllegalArgumentException(what + " '" + s + "' does not match " + ID.pattern());
        }
        return s;
    }
}
