package io.kitchenwatch.devices.wire;

/** A device sent something the contract does not allow. A device fault, never a server fault. */
public final class RejectedMessageException extends Exception {
    private final RejectionReason reason;

    public RejectedMessageException(RejectionReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }

    /** The dead-letter reason text: {@code code: detail}. */
    public String describe() {
        return reason.code() + ": " + getMessage();
    }
}
