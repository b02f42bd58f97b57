/**
 * Cluster mode on Apache Kafka: every node forwards what its shared MQTT subscription receives to one topic keyed by
 * device ({@link io.kitchenwatch.ingest.cluster.KafkaForwarder}), and the nodes of one consumer group each own some of
 * its partitions: they store those devices' messages and commit the offsets only once stored
 * ({@link io.kitchenwatch.ingest.cluster.PartitionOwner}). docs/scaling.md describes the topology.
 */
package io.kitchenwatch.ingest.cluster;
