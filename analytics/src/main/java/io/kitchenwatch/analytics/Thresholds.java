package io.kitchenwatch.analytics;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The numbers the rules check, with the defaults of docs/domain-rules.md. Regions and sites override any of them by
 * key in the registry ({@code "rules": {"hot_air_min_c": 125}}); keys are the record's component names in snake case.
 *
 * @param hotAirMinC          hot-air/infrared cabinet temperature
 * @param hotAirHoldS         ... held for this long
 * @param steamMinC           steam or boiling
 * @param steamHoldS          ...
 * @param dishwasherMinC      final-rinse temperature of a dishwasher
 * @param dishwasherHoldS     ...
 * @param chlorineMinMgL      available chlorine of a chemical soak
 * @param chlorineHoldS       ...
 * @param cycleAbandonS       a cycle with no end after this long is abandoned
 * @param cycleGapIntervals   readings missing for more than this many sample intervals make a batch unverifiable
 * @param greaseWarningPct    grease + solids layer warning
 * @param greaseAlarmPct      grease + solids layer alarm (the 25 % rule)
 * @param pumpOutDays         pump-out overdue after this many days
 * @param effluentOilMaxMgL   effluent oil limit
 * @param wasteCollectHours   a bin must be collected at least this often
 * @param wasteFullPct        a bin over this share of its capacity is overfull
 * @param lidOpenS            a lid open for longer than this is an alert
 * @param hysteresisPct       a level alarm clears only this many points below its threshold
 */
public record Thresholds(double hotAirMinC, double hotAirHoldS, double steamMinC, double steamHoldS,
                         double dishwasherMinC, double dishwasherHoldS, double chlorineMinMgL, double chlorineHoldS,
                         double cycleAbandonS, double cycleGapIntervals, double greaseWarningPct,
                         double greaseAlarmPct, double pumpOutDays, double effluentOilMaxMgL,
                         double wasteCollectHours, double wasteFullPct, double lidOpenS, double hysteresisPct) {
    public static final Thresholds DEFAULTS = new Thresholds(120, 600, 100, 600, 82, 40, 250, 300, 7200, 2, 20, 25, 90,
            100, 24, 90, 600, 2);

    private static final Set<String> KEYS = Set.of("hot_air_min_c", "hot_air_hold_s", "steam_min_c", "steam_hold_s",
            "dishwasher_min_c", "dishwasher_hold_s", "chlorine_min_mg_l", "chlorine_hold_s", "cycle_abandon_s",
            "cycle_gap_intervals", "grease_warning_pct", "grease_alarm_pct", "pump_out_days", "effluent_oil_max_mg_l",
            "waste_collect_hours", "waste_full_pct", "lid_open_s", "hysteresis_pct");

    /** What a disinfection method must reach and for how long. */
    public record MethodRule(String method, String field, double threshold, Duration hold) {
    }

    public MethodRule method(String method) {
        return switch (method) {
            case "steam" -> new MethodRule(method, "temp_c", steamMinC, seconds(steamHoldS));
            case "dishwasher" -> new MethodRule(method, "temp_c", dishwasherMinC, seconds(dishwasherHoldS));
            case "chlorine" -> new MethodRule(method, "chlorine_mg_l", chlorineMinMgL, seconds(chlorineHoldS));
            default -> new MethodRule("hot_air", "temp_c", hotAirMinC, seconds(hotAirHoldS));
        };
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    public static Set<String> keys() {
        return KEYS;
    }

    /** These thresholds with some replaced; an unknown key is a mistake in the registry and is refused. */
    public Thresholds with(Map<String, ? extends Number> overrides) {
        for (String key : overrides.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown rule setting '" + key + "'; known: " + new java.util.TreeSet<>(KEYS));
            }
        }
        java.util.function.BiFunction<String, Double, Double> v = (k, d) -> overrides.containsKey(k) ? overrides.get(k).doubleValue() : d;
        return new Thresholds(v.apply("hot_air_min_c", hotAirMinC), v.apply("hot_air_hold_s", hotAirHoldS),
                v.apply("steam_min_c", steamMinC), v.apply("steam_hold_s", steamHoldS),
                v.apply("dishwasher_min_c", dishwasherMinC), v.apply("dishwasher_hold_s", dishwasherHoldS),
                v.apply("chlorine_min_mg_l", chlorineMinMgL), v.apply("chlorine_hold_s", chlorineHoldS),
                v.apply("cycle_abandon_s", cycleAbandonS), v.apply("cycle_gap_intervals", cycleGapIntervals),
                v.apply("grease_warning_pct", greaseWarningPct), v.apply("grease_alarm_pct", greaseAlarmPct),
                v.apply("pump_out_days", pumpOutDays), v.apply("effluent_oil_max_mg_l", effluentOilMaxMgL),
                v.apply("waste_collect_hours", wasteCollectHours), v.apply("waste_full_pct", wasteFullPct),
                v.apply("lid_open_s", lidOpenS), v.apply("hysteresis_pct", hysteresisPct));
    }
}
