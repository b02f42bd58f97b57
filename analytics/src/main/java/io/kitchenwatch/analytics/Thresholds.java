package io.kitchenwatch.analytics;

import java.util.LinkedHashMap;
import java.util.TreeSet;
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

    private static final Set<String> KEYS = Set.copyOf(DEFAULTS.byKey().keySet());

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

    /** Every threshold by its registry key (as the site API shows them), in the order of this record. */
    public Map<String, Double> byKey() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("hot_air_min_c", hotAirMinC);
        out.put("hot_air_hold_s", hotAirHoldS);
        out.put("steam_min_c", steamMinC);
        out.put("steam_hold_s", steamHoldS);
        out.put("dishwasher_min_c", dishwasherMinC);
        out.put("dishwasher_hold_s", dishwasherHoldS);
        out.put("chlorine_min_mg_l", chlorineMinMgL);
        out.put("chlorine_hold_s", chlorineHoldS);
        out.put("cycle_abandon_s", cycleAbandonS);
        out.put("cycle_gap_intervals", cycleGapIntervals);
        out.put("grease_warning_pct", greaseWarningPct);
        out.put("grease_alarm_pct", greaseAlarmPct);
        out.put("pump_out_days", pumpOutDays);
        out.put("effluent_oil_max_mg_l", effluentOilMaxMgL);
        out.put("waste_collect_hours", wasteCollectHours);
        out.put("waste_full_pct", wasteFullPct);
        out.put("lid_open_s", lidOpenS);
        out.put("hysteresis_pct", hysteresisPct);
        return out;
    }

    /** These thresholds with some replaced; an unknown key is a mistake in the registry and is refused. */
    public Thresholds with(Map<String, ? extends Number> overrides) {
        for (String key : overrides.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown rule setting '" + key + "'; known: " + new TreeSet<>(KEYS));
            }
        }
        Map<String, Double> v = byKey();
        overrides.forEach((k, n) -> v.put(k, n.doubleValue()));
        return new Thresholds(v.get("hot_air_min_c"), v.get("hot_air_hold_s"), v.get("steam_min_c"), v.get("steam_hold_s"),
                v.get("dishwasher_min_c"), v.get("dishwasher_hold_s"), v.get("chlorine_min_mg_l"), v.get("chlorine_hold_s"),
                v.get("cycle_abandon_s"), v.get("cycle_gap_intervals"), v.get("grease_warning_pct"), v.get("grease_alarm_pct"),
                v.get("pump_out_days"), v.get("effluent_oil_max_mg_l"), v.get("waste_collect_hours"), v.get("waste_full_pct"),
                v.get("lid_open_s"), v.get("hysteresis_pct"));
    }
}
