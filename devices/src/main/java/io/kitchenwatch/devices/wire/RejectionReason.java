package io.kitchenwatch.devices.wire;

import java.util.Locale;

/** Why a device message was refused. The lower-case name is the {@code reason} on the dead-letter topic. */
public enum RejectionReason {
    BAD_TOPIC, BAD_ID, UNKNOWN_CHANNEL, TOO_LARGE, BAD_JSON, MISSING_FIELD, WRONG_TYPE, NOT_FINITE, OUT_OF_RANGE,
    BAD_TIMESTAMP, BAD_FIELD_NAME, UNKNOWN_EVENT_TYPE, NOT_JPEG, STORE_REJECTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
