package io.kitchenwatch.ingest.store;

/**
 * A store call failed. {@link #rejectedData()} tells a refusal of the data itself (a 4xx: retrying cannot help, the
 * points go to the dead-letter topic) from an outage (retry until the store is back).
 */
public final class StoreException extends Exception {
    private final boolean rejectedData;

    public StoreException(String message, boolean rejectedData, Throwable cause) {
        super(message, cause);
        this.rejectedData = rejectedData;
    }

    public boolean rejectedData() {
        return rejectedData;
    }
}
