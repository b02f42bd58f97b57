package io.kitchenwatch.analytics.alerts;

import java.util.Map;

/**
 * What a rule concluded at an event time: a condition is present ({@code raised}) or has gone ({@code !raised}).
 * {@code value} is the measure compared when a repeated trigger keeps the worst one (higher is worse).
 */
public record Finding(AlertType type, String site, String device, long ts, boolean raised, double value,
                      Map<String, Object> evidence) {
    public Finding {
        evidence = Map.copyOf(evidence);
    }

    public static Finding raise(AlertType type, String site, String device, long ts, double value, Map<String, Object> evidence) {
        return new Finding(type, site, device, ts, true, value, evidence);
    }

    public static Finding clear(AlertType type, String site, String device, long ts) {
        return new Finding(type, site, device, ts, false, 0, Map.of());
    }
}
