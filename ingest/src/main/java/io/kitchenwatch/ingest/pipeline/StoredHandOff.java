package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.bus.DeviceStatusChanged;
import io.kitchenwatch.devices.bus.SourceProgress;
import io.kitchenwatch.devices.model.DeviceMessage;

import java.util.List;

/**
 * Where stored messages go next, one store write at a time, in stored order. Called on the store writer's thread
 * after the messages were acknowledged; blocking here holds back the next write (policy: block the producer).
 */
@FunctionalInterface
public interface StoredHandOff {
    void stored(List<DeviceMessage> batch);

    /**
     * Cluster mode: stored messages with when their forwarder received each, followed by the progress marks read among
     * them, which hold after them.
     */
    default void stored(List<DeviceMessage> batch, long[] arrivals, List<SourceProgress> marks) {
        stored(batch);
    }

    /** Devices whose status the batch turned (after {@link #stored} of that batch). */
    default void statusChanged(List<DeviceStatusChanged> changes) {
    }
}
