package io.kitchenwatch.devices.bus;

/**
 * Cluster mode: a forwarding node's progress on one partition of the device-message topic, read in the partition's
 * order. Everything {@code source} received from the broker before {@code upTo} (its clock, epoch ms) is in the
 * partition ahead of this mark; a retired source forwards nothing more (it stopped, or a survivor emptied its broker
 * session after it crashed). Analytics holds a device's out-of-sequence messages until every live source of its
 * partition is past them, so one node's slower path cannot reorder a device's messages.
 */
public record SourceProgress(int partition, String source, long upTo, boolean retired) {
}
