package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.bus.SourceProgress;

/**
 * Where {@link MqttIngest} puts each MQTT message it receives, and who acknowledges it once the message is durable:
 * the store itself ({@link StoringIntake}, one node), or a log shared by several nodes (the cluster mode's forwarder).
 */
public interface Intake {
    /**
     * Takes one message; {@code ack} runs (on any thread) once it is durable, or once it is safely dead-lettered.
     * May block while the intake is full (overflow policy: block the producer, so the broker keeps the backlog).
     */
    void accept(String topic, byte[] payload, long arrival, Runnable ack) throws InterruptedException;

    /**
     * A message a previous owner of its device already took (read back from the shared log when this node gains the
     * device): remembered for dedupe only, so a copy that comes again (the broker redelivering what a dead node had
     * forwarded but not acknowledged) is dropped here as it would have been there.
     */
    default void remember(String topic, byte[] payload) {
    }

    /**
     * A forwarder's progress mark read from the shared log: handed on after everything taken before it; {@code ack}
     * runs once it is. An intake that hands nothing on acknowledges it at once.
     */
    default void progress(SourceProgress mark, Runnable ack) throws InterruptedException {
        ack.run();
    }

    void start();

    /** Stops taking messages and hands on what it holds (bounded). */
    void drain();

    /** Messages taken and not yet durable. */
    int depth();

    /** Arrival time (epoch ms) of the oldest message taken and not yet durable, or 0 when none waits. */
    long oldestPendingArrival();

    /** Whether the last attempt to make messages durable succeeded. */
    boolean durableHealthy();
}
