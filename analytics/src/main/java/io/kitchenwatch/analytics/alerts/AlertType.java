package io.kitchenwatch.analytics.alerts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an alert is about, with its default severity. The lower-case name is its {@code type} on the wire. */
public enum AlertType {
    DISINFECTION_CYCLE_NONCOMPLIANT(Severity.CRITICAL),
    GREASE_LEVEL_WARNING(Severity.MINOR),
    GREASE_LEVEL_ALARM(Severity.MAJOR),
    PUMP_OUT_OVERDUE(Severity.MAJOR),
    EFFLUENT_OIL_HIGH(Severity.MAJOR),
    WASTE_COLLECTION_OVERDUE(Severity.MAJOR),
    WASTE_BIN_OVERFULL(Severity.MINOR),
    WASTE_BIN_LID_OPEN(Severity.MINOR),
    SENSOR_ANOMALY(Severity.MINOR),
    SENSOR_STUCK(Severity.MAJOR),
    SENSOR_RATE_OF_CHANGE(Severity.MINOR),
    CAMERA_BLACK(Severity.MAJOR),
    CAMERA_OVEREXPOSED(Severity.MINOR),
    CAMERA_BLURRED(Severity.MINOR),
    CAMERA_FROZEN(Severity.MAJOR),
    CAMERA_OCCLUDED(Severity.MAJOR),
    CAMERA_MOVED(Severity.MINOR),
    AFTER_HOURS_ACTIVITY(Severity.MAJOR),
    PEOPLE_IN_SPECIAL_ROOM(Severity.MAJOR),
    LINE_LIGHT_MISMATCH(Severity.MAJOR),
    LINE_DOOR_OPEN_DURING_HOLD(Severity.MAJOR),
    NO_HAT(Severity.MINOR),
    NO_MASK(Severity.MINOR),
    SMOKING(Severity.MAJOR),
    PHONE(Severity.MINOR),
    RODENT(Severity.MAJOR),
    UNCOVERED_BIN(Severity.MINOR),
    DEVICE_OFFLINE(Severity.MAJOR),
    DEVICE_UNREGISTERED(Severity.INFO);

    private final Severity severity;

    AlertType(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }
}
