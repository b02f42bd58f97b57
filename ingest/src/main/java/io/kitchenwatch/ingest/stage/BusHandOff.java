package io.kitchenwatch.ingest.stage;

import io.kitchenwatch.devices.bus.BusAddresses;
import io.kitchenwatch.devices.bus.DeviceStatusChanged;
import io.kitchenwatch.devices.bus.SourceProgress;
import io.kitchenwatch.devices.bus.StoredBatch;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.retry.RetryPolicy;
import io.kitchenwatch.ingest.pipeline.StoredHandOff;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Puts each stored batch on the bus: published to whoever watches ({@link BusAddresses#STORED}) and sent to the stage
 * that must analyse every message ({@link BusAddresses#STORED_FOR_ANALYSIS}), whose answer it waits for on the store
 * writer's thread, so a stage that falls behind holds back the next store write and, in turn, MQTT intake.
 */
final class BusHandOff implements StoredHandOff {
    private static final Logger LOG = LoggerFactory.getLogger(BusHandOff.class);
    /** A stage holds its answer only while its own queue is full: far beyond that, something is wrong. */
    private static final DeliveryOptions WAIT_FOR_ANSWER = new DeliveryOptions().setSendTimeout(Duration.ofHours(1).toMillis());
    private final EventBus bus;
    /** Batches handed on so far (the store writer's thread only). */
    private long sequence;
    private volatile boolean open = true;

    BusHandOff(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void stored(List<DeviceMessage> messages) {
        handOn(new StoredBatch(++sequence, messages));
    }

    @Override
    public void stored(List<DeviceMessage> messages, long[] arrivals, List<SourceProgress> marks) {
        handOn(new StoredBatch(++sequence, messages, arrivals, marks));
    }

    private void handOn(StoredBatch batch) {
        List<DeviceMessage> messages = batch.messages();
        if (!messages.isEmpty()) {
            bus.publish(BusAddresses.STORED, batch);
        }
        RetryPolicy.Backoff backoff = RetryPolicy.STAGE_HAND_OFF.backoff();
        boolean warned = false;
        while (open) {
            try {
                bus.request(BusAddresses.STORED_FOR_ANALYSIS, batch, WAIT_FOR_ANSWER).toCompletionStage().toCompletableFuture().get();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                    LOG.error("analysis refused {} stored messages: {}", messages.size(), r.getMessage());
                    return;
                }
                // no listener yet, or no answer in time: sent again, and taken once (the stage knows the sequence)
                if (!warned) {
                    LOG.warn("no stage takes stored messages for analysis yet ({}); holding them", e.getCause().toString());
                    warned = true;
                }
                try {
                    backoff.pause();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void statusChanged(List<DeviceStatusChanged> changes) {
        changes.forEach(change -> bus.publish(BusAddresses.DEVICE_STATUS, change));
    }

    void close() {
        open = false;
    }
}
