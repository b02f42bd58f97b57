package io.kitchenwatch.devices.bus;

import java.util.Set;
import java.util.function.ToIntBiFunction;

/**
 * Cluster mode: the devices this node owns changed (its partitions of the device-message topic). Ingest sends it
 * before it stores anything of a gained partition and after it has stored and handed on everything of a lost one;
 * analytics forgets the lost devices and rebuilds the gained ones' rule state before it answers.
 *
 * @param partitions  the partitions owned now
 * @param partitionOf the partition of a device (site, id)
 */
public record OwnershipChanged(Set<Integer> partitions, ToIntBiFunction<String, String> partitionOf) {
    public OwnershipChanged {
        partitions = Set.copyOf(partitions);
    }

    /** Whether a device (site, id) is owned now. */
    public boolean owns(String site, String device) {
        return partitions.contains(partitionOf.applyAsInt(site, device));
    }
}
