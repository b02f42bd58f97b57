package io.kitchenwatch.analytics.anomaly;

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
