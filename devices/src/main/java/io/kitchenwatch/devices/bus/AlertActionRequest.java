package io.kitchenwatch.devices.bus;

/** A person's step in an alert's loop: {@code action} is the wire name (acknowledge, rectify, verify, close). */
public record AlertActionRequest(String alertId, String action, String by, String note) {
    /** Failure codes of the answer, so the API can tell a missing alert from a step out of order. */
    public static final int NOT_FOUND = 404;
    public static final int ILLEGAL_STEP = 409;
    public static final int UNAVAILABLE = 503;
}
