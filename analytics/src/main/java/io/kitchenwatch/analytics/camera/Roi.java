package io.kitchenwatch.analytics.camera;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A region of a disinfection-line camera's picture that shows one cabinet's indicator light or door, in fractions of
 * the picture, from the camera's registry settings: {@code "roi": {"x":0.42,"y":0.3,"w":0.06,"h":0.06,
 * "watch":"indicator_light"|"door","cabinet":"dsp-01-cab-1"}}.
 */
public record Roi(double x, double y, double w, double h, Watch watch, String cabinet) {
    public enum Watch { INDICATOR_LIGHT, DOOR }

    public Roi {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > 1 || y + h > 1) {
            throw new IllegalArgumentException("roi must lie inside the picture (fractions 0..1)");
        }
    }

    /** The ROI of a camera's settings, if it has one; a malformed one is a registry mistake. */
    public static Optional<Roi> of(Map<String, Object> settings) {
        if (!(settings.get("roi") instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        try {
            Watch watch = Watch.valueOf(String.valueOf(m.get("watch")).toUpperCase(Locale.ROOT));
            return Optional.of(new Roi(num(m, "x"), num(m, "y"), num(m, "w"), num(m, "h"), watch, String.valueOf(m.get("cabinet"))));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("camera roi " + m + " is not {x, y, w, h, watch: indicator_light|door, cabinet}: " + e.getMessage(), e);
        }
    }

    private static double num(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    /** The reading this ROI derives: {@code light_on} or {@code door_open_seen}. */
    public String field() {
        return watch == Watch.INDICATOR_LIGHT ? "light_on" : "door_open_seen";
    }
}
