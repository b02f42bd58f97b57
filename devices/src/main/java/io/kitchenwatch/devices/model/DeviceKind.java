package io.kitchenwatch.devices.model;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The device kinds of the wire contract, with the telemetry fields and event types each one sends. */
public enum DeviceKind {
    CAMERA("camera", Map.of("fps", FieldType.NUMBER, "bitrate_kbps", FieldType.NUMBER), Set.of()),
    DISINFECTION_CABINET("disinfection_cabinet",
            Map.of("temp_c", FieldType.NUMBER, "running", FieldType.BOOLEAN, "door_open", FieldType.BOOLEAN,
                    "chlorine_mg_l", FieldType.NUMBER),
            Set.of("cycle_start", "cycle_end")),
    OIL_SEPARATOR("oil_separator",
            Map.of("grease_pct", FieldType.NUMBER, "water_level_pct", FieldType.NUMBER,
                    "inflow_l_min", FieldType.NUMBER, "oil_out_mg_l", FieldType.NUMBER,
                    "heater_on", FieldType.BOOLEAN, "pump_on", FieldType.BOOLEAN),
            Set.of("pump_out")),
    WASTE_BIN("waste_bin", Map.of("weight_kg", FieldType.NUMBER, "lid_open", FieldType.BOOLEAN),
            Set.of("collected"));

    private final String wireName;
    private final Map<String, FieldType> fields;
    private final Set<String> eventTypes;

    DeviceKind(String wireName, Map<String, FieldType> fields, Set<String> eventTypes) {
        this.wireName = wireName;
        this.fields = fields;
        this.eventTypes = eventTypes;
    }

    public String wireName() {
        return wireName;
    }

    public Map<String, FieldType> fields() {
        return fields;
    }

    public Set<String> eventTypes() {
        return eventTypes;
    }

    public static Optional<DeviceKind> fromWire(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }

    /** The declared type of a field name in any kind: a field keeps one type across the whole fleet. */
    public static Optional<FieldType> declaredType(String field) {
        for (DeviceKind kind : values()) {
            FieldType type = kind.fields.get(field);
            if (type != null) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
