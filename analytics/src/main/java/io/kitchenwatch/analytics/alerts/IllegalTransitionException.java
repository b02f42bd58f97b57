package io.kitchenwatch.analytics.alerts;

/** An action the alert's current state does not allow (HTTP 409). */
public final class IllegalTransitionException extends Exception {
    public IllegalTransitionException(String message) {
        super(message);
    }
}
