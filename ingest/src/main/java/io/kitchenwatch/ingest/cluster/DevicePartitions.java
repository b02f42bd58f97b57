package io.kitchenwatch.ingest.cluster;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * Which partition of the device-message topic holds a device: Kafka's own hash of the record key (murmur2, as its
 * default partitioner), computed here and set on each record, so that a node can tell which devices it owns from the
 * partitions it was assigned.
 */
public record DevicePartitions(int count) {
    public DevicePartitions {
        if (count < 1) {
            throw new IllegalArgumentException("partition count must be positive");
        }
    }

    /** The record key of a device: its site and id (ids are unique per site). */
    public static byte[] key(String site, String device) {
        return (site + "/" + device).getBytes(StandardCharsets.UTF_8);
    }

    public int of(String site, String device) {
        return Utils.toPositive(Utils.murmur2(key(site, device))) % count;
    }
}
