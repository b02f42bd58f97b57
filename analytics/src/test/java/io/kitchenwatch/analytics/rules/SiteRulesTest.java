package io.kitchenwatch.analytics.rules;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.Reading;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Separator and waste-bin rules at their thresholds, with hysteresis. */
class SiteRulesTest {
    static final long T0 = 1_764_400_000_000L;
    static final long HOUR = 3_600_000;

    private static String edges(List<Finding> findings) {
        return String.join(",", findings.stream().map(f -> (f.raised() ? "+" : "-") + f.type().wireName()).toList());
    }

    @Test
    void greaseWarnsAtTwentyAlarmsAtTwentyFiveAndDoesNotFlap() {
        SeparatorRules rules = new SeparatorRules("r", "sep", Thresholds.DEFAULTS);
        List<String> seen = new ArrayList<>();
        double[] levels = {19.9, 20.0, 24.9, 25.0, 24.5, 25.2, 23.1, 22.9, 19.0, 17.9};
        for (int i = 0; i < levels.length; i++) {
            seen.add(edges(rules.onReading(new Reading("r", "sep", T0 + i * 1000L, OptionalLong.empty(), Map.of("grease_pct", levels[i])))));
        }
        assertEquals(List.of("", "+grease_level_warning", "", "+grease_level_alarm", "", "", "", "-grease_level_alarm", "",
                "-grease_level_warning"), seen);
    }

    @Test
    void effluentOilOverOneHundredIsTooHigh() {
        SeparatorRules rules = new SeparatorRules("r", "sep", Thresholds.DEFAULTS);
        assertEquals("", edges(rules.onReading(new Reading("r", "sep", T0, OptionalLong.empty(), Map.of("oil_out_mg_l", 100.0)))));
        assertEquals("+effluent_oil_high", edges(rules.onReading(new Reading("r", "sep", T0 + 1, OptionalLong.empty(), Map.of("oil_out_mg_l", 100.5)))));
        assertEquals("", edges(rules.onReading(new Reading("r", "sep", T0 + 2, OptionalLong.empty(), Map.of("oil_out_mg_l", 96.0)))));
        assertEquals("-effluent_oil_high", edges(rules.onReading(new Reading("r", "sep", T0 + 3, OptionalLong.empty(), Map.of("oil_out_mg_l", 94.0)))));
    }

    @Test
    void pumpOutIsOverdueAfterNinetyDaysAndAPumpOutClearsIt() {
        SeparatorRules rules = new SeparatorRules("r", "sep", Thresholds.DEFAULTS);
        rules.onEvent(new DeviceEvent("r", "sep", T0, OptionalLong.empty(), "pump_out", Map.of("by", "h")));
        assertEquals("", edges(rules.onReading(new Reading("r", "sep", T0 + 90 * 24 * HOUR, OptionalLong.empty(), Map.of("grease_pct", 5.0)))));
        List<Finding> late = rules.onReading(new Reading("r", "sep", T0 + 90 * 24 * HOUR + 1000, OptionalLong.empty(), Map.of("grease_pct", 5.0)));
        assertEquals("+pump_out_overdue", edges(late));
        assertEquals("", edges(rules.onReading(new Reading("r", "sep", T0 + 91 * 24 * HOUR, OptionalLong.empty(), Map.of("grease_pct", 5.0)))));
        assertEquals("-pump_out_overdue", edges(rules.onEvent(new DeviceEvent("r", "sep", T0 + 92 * 24 * HOUR, OptionalLong.empty(), "pump_out", Map.of()))));
    }

    @Test
    void wasteBinMustBeCollectedDailyNotOverfullAndNotLeftOpen() {
        WasteBinRules rules = new WasteBinRules("s", "bin", Thresholds.DEFAULTS, OptionalDouble.of(120));
        assertEquals("", edges(rules.onReading(reading(T0, 10, false))));
        assertEquals("", edges(rules.onReading(reading(T0 + 24 * HOUR, 107.9, true))));
        assertEquals("+waste_collection_overdue,+waste_bin_overfull", edges(rules.onReading(reading(T0 + 24 * HOUR + 1, 108, true))));
        assertEquals("", edges(rules.onReading(reading(T0 + 24 * HOUR + 600_000, 108, true))));
        assertEquals("+waste_bin_lid_open", edges(rules.onReading(reading(T0 + 24 * HOUR + 600_002, 108, true))));
        assertEquals("-waste_collection_overdue", edges(rules.onEvent(
                new DeviceEvent("s", "bin", T0 + 25 * HOUR, OptionalLong.empty(), "collected", Map.of("weight_kg", 108.0)))));
        assertEquals("-waste_bin_overfull,-waste_bin_lid_open", edges(rules.onReading(reading(T0 + 25 * HOUR + 1, 0.5, false))));
    }

    @Test
    void aBinWithoutCapacityIsNeverOverfull() {
        WasteBinRules rules = new WasteBinRules("s", "bin", Thresholds.DEFAULTS, OptionalDouble.empty());
        assertTrue(rules.onReading(reading(T0, 5000, false)).isEmpty());
    }

    private static Reading reading(long ts, double weight, boolean lid) {
        return new Reading("s", "bin", ts, OptionalLong.empty(), Map.of("weight_kg", weight, "lid_open", lid));
    }
}
