package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.wire.RejectionReason;

/** Where refused messages go. {@code then} runs once the dead letter is safely handed over (then the original is acked). */
public interface DeadLetters {
    void publish(String topic, byte[] payload, RejectionReason reason, String detail, Runnable then);
}
