package io.kitchenwatch.analytics.detect;

import io.kitchenwatch.analytics.Confirmation;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one camera's detections into alerts: each detector class maps to an alert type (by default a class named
 * like the type: {@code no_hat}, {@code no_mask}, {@code smoking}, {@code phone}, {@code rodent},
 * {@code uncovered_bin}); a type raises when seen in {@value #CONFIRM} frames in a row and clears after as many
 * frames without it.
 */
public final class DetectionRules {
    static final int CONFIRM = 2;
    public static final List<AlertType> DETECTABLE = List.of(AlertType.NO_HAT, AlertType.NO_MASK, AlertType.SMOKING,
            AlertType.PHONE, AlertType.RODENT, AlertType.UNCOVERED_BIN);
    private final String site;
    private final String device;
    private final Map<String, AlertType> classToAlert;
    private final Map<AlertType, Confirmation> seen = new EnumMap<>(AlertType.class);

    public DetectionRules(String site, String device, Map<String, AlertType> classToAlert) {
        this.site = site;
        this.device = device;
        this.classToAlert = Map.copyOf(classToAlert);
    }

    /** The default mapping: detector classes named like the alert types. */
    public static Map<String, AlertType> byName() {
        Map<String, AlertType> m = new LinkedHashMap<>();
        DETECTABLE.forEach(t -> m.put(t.wireName(), t));
        return m;
    }

    public List<Finding> onDetections(long ts, List<Detection> detections) {
        Map<AlertType, Detection> best = new EnumMap<>(AlertType.class);
        for (Detection d : detections) {
            Optional.ofNullable(classToAlert.get(d.label())).ifPresent(t -> best.merge(t, d, (a, b) -> a.score() >= b.score() ? a : b));
        }
        List<Finding> out = new ArrayList<>(0);
        for (AlertType type : DETECTABLE) {
            Detection d = best.get(type);
            seen.computeIfAbsent(type, t -> new Confirmation(CONFIRM, CONFIRM)).update(d != null).ifPresent(raised -> out.add(raised
                    ? Finding.raise(type, site, device, ts, d.score(), Map.of("label", d.label(),
                            "score", Math.round(d.score() * 1000) / 1000.0,
                            "box", List.of(Math.round(d.x()), Math.round(d.y()), Math.round(d.width()), Math.round(d.height()))))
                    : Finding.clear(type, site, device, ts)));
        }
        return out;
    }
}
