package io.kitchenwatch.analytics.alerts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a person does to an alert, each allowed from exactly one state. */
public enum AlertAction {
    ACK(AlertState.OPEN, AlertState.ACKNOWLEDGED),
    RECTIFY(AlertState.ACKNOWLEDGED, AlertState.RECTIFYING),
    VERIFY(AlertState.RECTIFYING, AlertState.VERIFIED),
    CLOSE(AlertState.VERIFIED, AlertState.CLOSED);

    private final AlertState from;
    private final AlertState to;

    AlertAction(AlertState from, AlertState to) {
        this.from = from;
        this.to = to;
    }

    public AlertState from() {
        return from;
    }

    public AlertState to() {
        return to;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertAction> fromWire(String s) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(s)).findFirst();
    }
}
