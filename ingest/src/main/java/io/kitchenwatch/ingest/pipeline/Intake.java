package io.kitchenwatch.ingest.pipeline;

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
