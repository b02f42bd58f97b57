package io.kitchenwatch.analytics.anomaly;

import io.kitchenwatch.devices.model.Identifiers;
import java.util.Set;
import java.util.TreeSet;
import io.kitchenwatch.devices.model.DeviceKind;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The statistical checks per device kind. Fields whose normal life is bimodal or flat (a cabinet's temperature jumps
 * at every cycle; grease and bin weight stand still at night) get only the checks that suit them.
 */
public final class AnomalyProfiles {
    public static final Map<DeviceKind, List<FieldDetector>> DEFAULTS = defaults();

    private AnomalyProfiles() {
    }

    /**
     * The built-in profiles with the registry's {@code anomaly_profiles} laid over them: a kind listed there gets
     * exactly the detectors written for it ({@code field}, and any of {@code z}, {@code alpha}, {@code warmup},
     * {@code stuck_samples}, {@code max_rate_per_min}; a missing number turns that check off).
     */
    public static Map<DeviceKind, List<FieldDetector>> from(Map<String, List<Map<String, Object>>> overrides) {
        Map<DeviceKind, List<FieldDetector>> m = new EnumMap<>(DEFAULTS);
        for (Map.Entry<String, List<Map<String, Object>>> e : overrides.entrySet()) {
            DeviceKind kind = DeviceKind.fromWire(e.getKey()).orElseThrow(() -> new IllegalArgumentException("unknown kind " + e.getKey()));
            m.put(kind, e.getValue().stream().map(AnomalyProfiles::detector).toList());
        }
        return Map.copyOf(m);
    }

    private static FieldDetector detector(Map<String, Object> d) {
        Set<String> known = Set.of("field", "z", "alpha", "warmup", "stuck_samples", "max_rate_per_min");
        for (String key : d.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("anomaly detector setting '" + key + "' is not one of " + new TreeSet<>(known));
            }
        }
        if (!(d.get("field") instanceof String field) || !Identifiers.isValidField(field)) {
            throw new IllegalArgumentException("an anomaly detector needs a 'field' name");
        }
        double alpha = number(d, "alpha", 0.05);
        if (alpha <= 0 || alpha >= 1) {
            throw new IllegalArgumentException("anomaly detector alpha must be in (0, 1)");
        }
        return new FieldDetector(field, number(d, "z", 0), alpha, (int) number(d, "warmup", 60),
                (int) number(d, "stuck_samples", 0), number(d, "max_rate_per_min", 0));
    }

    private static double number(Map<String, Object> d, String key, double otherwise) {
        Object v = d.get(key);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Number n) || n.doubleValue() < 0) {
            throw new IllegalArgumentException("anomaly detector setting '" + key + "' must be a non-negative number");
        }
        return n.doubleValue();
    }

    private static Map<DeviceKind, List<FieldDetector>> defaults() {
        Map<DeviceKind, List<FieldDetector>> m = new EnumMap<>(DeviceKind.class);
        m.put(DeviceKind.DISINFECTION_CABINET, List.of(
                new FieldDetector("temp_c", 0, 0, 0, 90, 150),
                new FieldDetector("chlorine_mg_l", 0, 0, 0, 0, 600)));
        m.put(DeviceKind.OIL_SEPARATOR, List.of(
                new FieldDetector("water_level_pct", 5, 0.05, 60, 120, 20),
                new FieldDetector("oil_out_mg_l", 6, 0.05, 60, 0, 0)));
        m.put(DeviceKind.CAMERA, List.of(new FieldDetector("bitrate_kbps", 6, 0.05, 60, 0, 0)));
        m.put(DeviceKind.WASTE_BIN, List.of());
        return Map.copyOf(m);
    }
}
