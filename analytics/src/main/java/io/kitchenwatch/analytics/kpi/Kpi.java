package io.kitchenwatch.analytics.kpi;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One figure of the county plan for a region and period.
 *
 * @param value        numerator / denominator, empty when there is nothing to count
 * @param target       the plan's target as a ratio, empty where the plan only asks for "rising"
 * @param extra        a second figure where the KPI has one (median hours to close for the closed loop), or empty
 * @param noData       why the period gives no figure (nothing of what it counts arrived), so that it neither passes
 *                     nor fails; empty when it has one
 */
public record Kpi(String id, String name, long numerator, long denominator, OptionalDouble value, OptionalDouble target,
                  OptionalDouble extra, Optional<String> noData) {
    /** numerator / denominator; with no denominator, no data for {@code whenNothingToCount}. */
    public static Kpi ratio(String id, String name, long numerator, long denominator, OptionalDouble target,
                            String whenNothingToCount) {
        return new Kpi(id, name, numerator, denominator,
                denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) numerator / denominator), target,
                OptionalDouble.empty(), denominator == 0 ? Optional.of(whenNothingToCount) : Optional.empty());
    }

    public Kpi withExtra(OptionalDouble extra) {
        return new Kpi(id, name, numerator, denominator, value, target, extra, noData);
    }

    /** No figure for this period, for {@code reason}: the counts stay, for reference. */
    public Kpi withoutData(String reason) {
        return new Kpi(id, name, numerator, denominator, OptionalDouble.empty(), target, OptionalDouble.empty(), Optional.of(reason));
    }

    /** Empty when there is no value (no data) or no numeric target. */
    public Optional<Boolean> meetsTarget() {
        if (value.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(value.getAsDouble() >= target.getAsDouble() - 1e-12);
    }
}
