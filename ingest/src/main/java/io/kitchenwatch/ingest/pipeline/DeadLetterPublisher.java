package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.retry.RetryPolicy;
import io.kitchenwatch.devices.wire.RejectionReason;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Publishes refused messages to {@code {root}/deadletter} with their reason and acks each original once the broker
 * has its dead letter. A full inflight window ("too many publishes in progress", seen under a flood of bad messages)
 * is not a reason to drop one: it is tried again a little later off the MQTT callback thread
 * ({@link RetryPolicy#DEAD_LETTER}), and the original stays unacknowledged until then.
 */
final class DeadLetterPublisher implements DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);
    /** Dead letters carry at most this much of the refused payload. */
    static final int PAYLOAD_BYTES = 64 * 1024;
    private final Supplier<MqttAsyncClient> client;
    private final String topic;
    private final IngestMetrics metrics;
    private final ScheduledExecutorService timers;
    private final BooleanSupplier closing;

    DeadLetterPublisher(Supplier<MqttAsyncClient> client, String topic, IngestMetrics metrics, ScheduledExecutorService timers,
                        BooleanSupplier closing) {
        this.client = client;
        this.topic = topic;
        this.metrics = metrics;
        this.timers = timers;
        this.closing = closing;
    }

    @Override
    public void publish(String origin, byte[] payload, RejectionReason reason, String detail, Runnable then) {
        byte[] kept = payload.length > PAYLOAD_BYTES ? Arrays.copyOf(payload, PAYLOAD_BYTES) : payload;
        JsonObject letter = new JsonObject()
                .put("topic", origin)
                .put("reason", reason.code())
                .put("detail", detail)
                .put("payload_b64", Base64.getEncoder().encodeToString(kept))
                .put("payload_bytes", payload.length)
                .put("received", System.currentTimeMillis());
        send(origin, letter.encode().getBytes(StandardCharsets.UTF_8), then, 0);
    }

    private void send(String origin, byte[] letter, Runnable then, int attempt) {
        if (closing.getAsBoolean()) {
            return;
        }
        try {
            client.get().publish(topic, letter, 1, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    then.run();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    // not acked: the broker redelivers the original after reconnect and we try again
                    LOG.warn("dead letter for {} not delivered: {}", origin, e.toString());
                }
            });
        } catch (MqttException e) {
            metrics.deadLetterRetried();
            if (attempt == 0) {
                LOG.debug("dead letter for {} waits for the inflight window: {}", origin, e.getMessage());
            }
            try {
                timers.schedule(() -> send(origin, letter, then, attempt + 1), RetryPolicy.DEAD_LETTER.delayMillis(attempt), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // closing: the original is not acked, so the broker redelivers it on the next start
            }
        }
    }
}
