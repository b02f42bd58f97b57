package io.kitchenwatch.devices.bus;

import io.kitchenwatch.devices.model.DeviceMessage;

import java.util.List;

/**
 * Device messages the store accepted, in the order they were stored (frames with their pictures). {@code sequence}
 * counts the batches of one ingest from 1, so a batch sent again (its answer timed out) is recognised and taken once.
 * In cluster mode {@code arrivals} has, for each message, when its forwarder received it (epoch ms; empty on one node)
 * and {@code progress} the forwarders' marks read among these messages, which hold once all of them are taken.
 */
public record StoredBatch(long sequence, List<DeviceMessage> messages, long[] arrivals, List<SourceProgress> progress) {
    private static final long[] NONE = new long[0];

    public StoredBatch {
        messages = List.copyOf(messages);
        progress = List.copyOf(progress);
        if (arrivals.length != 0 && arrivals.length != messages.size()) {
            throw new IllegalArgumentException("one arrival per message, or none");
        }
    }

    public StoredBatch(long sequence, List<DeviceMessage> messages) {
        this(sequence, messages, NONE, List.of());
    }

    /** When the forwarder received message {@code i}, or {@code otherwise} when not known. */
    public long arrival(int i, long otherwise) {
        return arrivals.length == 0 ? otherwise : arrivals[i];
    }
}
