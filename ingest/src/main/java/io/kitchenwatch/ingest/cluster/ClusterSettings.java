package io.kitchenwatch.ingest.cluster;

import java.time.Duration;

/**
 * How a node joins a cluster.
 *
 * @param bootstrap      Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topicPrefix    prefix of the cluster's topics and consumer groups (several clusters may share one Kafka)
 * @param partitions     partitions of the device-message topic when this node creates it: the most nodes that can
 *                       share the storing and analysis (an existing topic keeps its own count)
 * @param sessionTimeout how long a silent node keeps its partitions before they move to the others
 */
public record ClusterSettings(String bootstrap, String topicPrefix, int partitions, Duration sessionTimeout) {
    public ClusterSettings {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("a cluster needs Kafka bootstrap servers");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("the device-message topic needs at least one partition");
        }
    }

    /** Every validated device message, keyed by device, in the order its forwarder received it. */
    public String messagesTopic() {
        return topicPrefix + ".device-messages";
    }

    /** Every alert change, keyed by alert id and compacted to each alert's newest: read whole by every node. */
    public String alertsTopic() {
        return topicPrefix + ".alerts";
    }

    /** Actions people take on alerts at a node that does not own them, keyed by device like the device messages. */
    public String actionsTopic() {
        return topicPrefix + ".alert-actions";
    }

    /** The owners' answers to routed actions, keyed by the node that asked. */
    public String actionResultsTopic() {
        return topicPrefix + ".alert-action-results";
    }

    /** The group whose members own the device partitions (store them, and analyse them). */
    public String ownersGroup() {
        return topicPrefix + ".owners";
    }
}
