package io.kitchenwatch.analytics.rules;

import java.util.Optional;

/**
 * A threshold that raises at {@code raiseAt} and clears only below {@code clearBelow}, so a value hovering at the
 * threshold does not flap. Reports edges only.
 */
final class Hysteresis {
    private final double raiseAt;
    private final double clearBelow;
    private boolean raised;

    Hysteresis(double raiseAt, double clearBelow) {
        this.raiseAt = raiseAt;
        this.clearBelow = clearBelow;
    }

    /** {@code true} when the condition starts, {@code false} when it ends, empty otherwise. */
    Optional<Boolean> update(double value) {
        if (!raised && value >= raiseAt) {
            raised = true;
            return Optional.of(true);
        }
        if (raised && value < clearBelow) {
            raised = false;
            return Optional.of(false);
        }
        return Optional.empty();
    }
}
