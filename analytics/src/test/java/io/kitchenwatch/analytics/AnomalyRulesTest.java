package io.kitchenwatch.analytics;

import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.analytics.anomaly.AnomalyRules;
import io.kitchenwatch.analytics.anomaly.FieldDetector;
import io.kitchenwatch.devices.model.Reading;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnomalyRulesTest {
    static final long T0 = 1_764_400_000_000L;

    private static List<String> feed(AnomalyRules rules, double[] values) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            for (Finding f : rules.onReading(new Reading("s", "d", T0 + i * 10_000L, OptionalLong.empty(), Map.of("x", values[i])))) {
                out.add(i + (f.raised() ? "+" : "-") + f.type().wireName());
            }
        }
        return out;
    }

    private static double[] noisy(int n, double mean, double sd, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + r.nextGaussian() * sd;
        }
        return v;
    }

    @Test
    void noZScoreAlertDuringWarmUpThenASpikeRaisesAndTheReturnClears() {
        AnomalyRules rules = new AnomalyRules("s", "d", List.of(new FieldDetector("x", 5, 0.05, 30, 0, 0)));
        double[] v = noisy(200, 55, 1, 7);
        v[3] = 500;        // wild, but still warming up
        v[150] = 80;       // 25 sigma
        List<String> seen = feed(rules, v);
        assertEquals(List.of("150+sensor_anomaly", "151-sensor_anomaly"), seen);
    }

    @Test
    void aValueHoveringAtTheThresholdDoesNotFlap() {
        AnomalyRules rules = new AnomalyRules("s", "d", List.of(new FieldDetector("x", 5, 0.05, 30, 0, 0)));
        double[] v = noisy(300, 55, 1, 3);
        for (int i = 100; i < 140; i++) {
            v[i] = 55 + (i % 2 == 0 ? 5.2 : 4.6); // around five sigma, for a while
        }
        List<String> seen = feed(rules, v);
        assertTrue(seen.size() <= 2, seen.toString());
    }

    @Test
    void aFlatLinedSensorIsStuckUntilItMovesAgain() {
        AnomalyRules rules = new AnomalyRules("s", "d", List.of(new FieldDetector("x", 0, 0, 0, 60, 0)));
        double[] v = noisy(200, 25, 0.3, 5);
        for (int i = 50; i < 120; i++) {
            v[i] = 24.7;
        }
        assertEquals(List.of("109+sensor_stuck", "120-sensor_stuck"), feed(rules, v));
    }

    @Test
    void theRegistryReplacesAKindsProfile() {
        var profiles = io.kitchenwatch.analytics.anomaly.AnomalyProfiles.from(Map.of("waste_bin",
                List.of(Map.of("field", "weight_kg", "z", 4.5, "warmup", 20), Map.of("field", "temp_c", "stuck_samples", 30))));
        assertEquals(List.of(new FieldDetector("weight_kg", 4.5, 0.05, 20, 0, 0), new FieldDetector("temp_c", 0, 0.05, 60, 30, 0)),
                profiles.get(io.kitchenwatch.devices.model.DeviceKind.WASTE_BIN));
        assertEquals(io.kitchenwatch.analytics.anomaly.AnomalyProfiles.DEFAULTS.get(io.kitchenwatch.devices.model.DeviceKind.OIL_SEPARATOR),
                profiles.get(io.kitchenwatch.devices.model.DeviceKind.OIL_SEPARATOR));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> io.kitchenwatch.analytics.anomaly.AnomalyProfiles
                .from(Map.of("waste_bin", List.of(Map.of("field", "x", "sigma", 3)))));
    }

    @Test
    void aJumpFasterThanPhysicsIsARateOfChange() {
        AnomalyRules rules = new AnomalyRules("s", "d", List.of(new FieldDetector("x", 0, 0, 0, 0, 60)));
        double[] v = {25, 27, 29, 31, 150, 150.5, 151, 151};  // +119 in 10 s = 714 per minute
        assertEquals(List.of("4+sensor_rate_of_change", "5-sensor_rate_of_change"), feed(rules, v));
    }
}
