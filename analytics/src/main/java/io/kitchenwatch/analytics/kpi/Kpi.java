package io.kitchenwatch.analytics.kpi;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One figure of the county plan for a region and period.
 *
 * @param value        numerator / denominator, empty when there is nothing to count
 * @param target       the plan's target as a ratio, empty where the plan only asks for "rising"
 * @param extra        a second figure where the KPI has one (median hours to close for the closed loop), or empty
 */
public record Kpi(String id, String name, long numerator, long denominator, OptionalDouble value, OptionalDouble target,
                  OptionalDouble extra) {
    public static Kpi ratio(String id, String name, long numerator, long denominator, OptionalDouble target) {
        return new Kpi(id, name, numerator, denominator,
                denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) numerator / denominator), target,
                OptionalDouble.empty());
    }

    public Kpi withExtra(OptionalDouble extra) {
        return new Kpi(id, name, numerator, denominator, value, target, extra);
    }

    /** Empty when there is no value or no numeric target. */
    public Optional<Boolean> meetsTarget() {
        if (value.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(value.getAsDouble() >= target.getAsDouble() - 1e-12);
    }
}
