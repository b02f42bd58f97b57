package io.kitchenwatch.simulator;

/**
 * Where the fleet's history goes: messages exactly as the devices would publish them, in time order, to be taken as
 * if the broker had delivered them now. The demo hands them to ingest in-process, since weeks of a county through
 * the broker cost several times the CPU of storing and analysing them.
 */
@FunctionalInterface
public interface HistorySink {
    /** Blocks while the receiver is full. */
    void accept(String topic, byte[] payload) throws InterruptedException;
}
