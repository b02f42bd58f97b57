package io.kitchenwatch.analytics.alerts;

/** An alert after a change, and what changed: everything but {@code REPEATED} is worth persisting and publishing. */
public record AlertChange(Alert alert, Kind kind) {
    public enum Kind { OPENED, WORSENED, REPEATED, CLEARED, RETURNED, ACTION }

    public boolean significant() {
        return kind != Kind.REPEATED;
    }
}
