package io.kitchenwatch.devices.model;

/** Type of a telemetry value on the wire. */
public enum FieldType {
    NUMBER, BOOLEAN, TEXT;

    public boolean accepts(Object value) {
        return switch (this) {
            case NUMBER -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case TEXT -> value instanceof String;
        };
    }
}
