package io.kitchenwatch.ingest.cluster;

/** The cluster's Kafka cannot be used (unreachable, or refusing what the node needs). */
public final class ClusterException extends RuntimeException {
    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
