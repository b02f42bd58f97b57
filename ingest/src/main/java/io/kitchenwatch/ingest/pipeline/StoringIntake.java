package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.bus.SourceProgress;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.status.UnregisteredSources;
import io.kitchenwatch.ingest.store.TimeSeriesStore;

/**
 * The intake that stores: decode and validate, dead-letter, dedupe ({@link IngestPipeline}), then batched store
 * writes ({@link StoreWriter}); a message is acknowledged once written and then handed on.
 */
public final class StoringIntake implements Intake {
    private final IngestPipeline pipeline;
    private final StoreWriter writer;

    private StoringIntake(IngestPipeline pipeline, StoreWriter writer) {
        this.pipeline = pipeline;
        this.writer = writer;
    }

    static StoringIntake create(IngestConfig config, Registry registry, TimeSeriesStore store, DeviceStatusTracker tracker,
                                IngestMetrics metrics, ProgressProbes probes, UnregisteredSources unregistered,
                                StoredHandOff onStored, DeadLetters deadLetters) {
        IngestPipeline pipeline = new IngestPipeline(config, registry, new SnapshotStore(config.snapshotDir()), tracker, metrics,
                probes, unregistered, onStored);
        StoreWriter writer = new StoreWriter(store, config, metrics, pipeline);
        pipeline.connect(writer, deadLetters);
        return new StoringIntake(pipeline, writer);
    }

    /**
     * For messages that come from somewhere other than the broker's subscription (a cluster's shared log), so with no
     * progress probes among them.
     */
    public static StoringIntake create(IngestConfig config, Registry registry, TimeSeriesStore store, DeviceStatusTracker tracker,
                                       IngestMetrics metrics, UnregisteredSources unregistered, StoredHandOff onStored,
                                       DeadLetters deadLetters) {
        StoringIntake intake = create(config, registry, store, tracker, metrics, new ProgressProbes(), unregistered, onStored, deadLetters);
        intake.pipeline.takeForwarded();
        return intake;
    }

    @Override
    public void accept(String topic, byte[] payload, long arrival, Runnable ack) throws InterruptedException {
        pipeline.accept(topic, payload, arrival, ack);
    }

    @Override
    public void progress(SourceProgress mark, Runnable ack) throws InterruptedException {
        pipeline.progress(mark, ack);
    }

    @Override
    public void remember(String topic, byte[] payload) {
        pipeline.remember(topic, payload);
    }

    @Override
    public void start() {
        writer.start();
    }

    @Override
    public void drain() {
        writer.close();
    }

    @Override
    public int depth() {
        return writer.depth();
    }

    @Override
    public long oldestPendingArrival() {
        return writer.oldestPendingArrival();
    }

    @Override
    public boolean durableHealthy() {
        return writer.storeHealthy();
    }
}
