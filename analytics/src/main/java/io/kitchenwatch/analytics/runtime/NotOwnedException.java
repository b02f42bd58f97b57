package io.kitchenwatch.analytics.runtime;

/** Cluster mode: the alert's device is analysed by another node, which alone may move the alert along. */
public final class NotOwnedException extends RuntimeException {
    public NotOwnedException(String message) {
        super(message);
    }
}
