package io.kitchenwatch.analytics;

import java.util.Optional;

/**
 * A condition that must be seen {@code raiseAfter} times in a row to count, and missed {@code clearAfter} times in a
 * row to stop counting, so one odd frame or reading neither raises nor clears. Reports edges only.
 */
public final class Confirmation {
    private final int raiseAfter;
    private final int clearAfter;
    private int presentRun;
    private int absentRun;
    private boolean raised;

    public Confirmation(int raiseAfter, int clearAfter) {
        this.raiseAfter = raiseAfter;
        this.clearAfter = clearAfter;
    }

    /** {@code true} when the condition starts counting, {@code false} when it stops, empty otherwise. */
    public Optional<Boolean> update(boolean present) {
        if (present) {
            presentRun++;
            absentRun = 0;
            if (!raised && presentRun >= raiseAfter) {
                raised = true;
                return Optional.of(true);
            }
        } else {
            absentRun++;
            presentRun = 0;
            if (raised && absentRun >= clearAfter) {
                raised = false;
                return Optional.of(false);
            }
        }
        return Optional.empty();
    }

    public boolean raised() {
        return raised;
    }
}
