package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.devices.lifecycle.Closer;
import io.kitchenwatch.analytics.alerts.AlertChange;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.kitchenwatch.devices.bus.BusAddresses;
import io.kitchenwatch.devices.bus.FrameAnalysed;
import io.kitchenwatch.devices.bus.MqttPublication;
import io.kitchenwatch.devices.bus.OwnershipChanged;
import io.kitchenwatch.devices.bus.StoredBatch;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.Frame;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.ingest.status.IngestProgress;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The analytics stage as a (worker) verticle: takes every stored batch ({@link BusAddresses#STORED_FOR_ANALYSIS}) into
 * the rule engine and frame analysis, and puts what it decides on the bus: alert changes, verdicts, frame samples, and
 * alert changes for the broker ({@link BusAddresses#MQTT_PUBLISH}). Its {@link AlertDesk} answers alert requests.
 * Taking a batch blocks while analytics is a full queue behind, which is what slows intake (block the producer).
 */
public final class AnalyticsStage extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsStage.class);
    private static final long PRUNE_EVERY_MS = Duration.ofHours(6).toMillis();
    private final AnalyticsStageConfig config;
    private final Registry registry;
    private final TimeSeriesStore store;
    private final MeterRegistry meters;
    private final IngestProgress progress;
    private final Closer started = new Closer();
    /** The newest stored batch taken (this stage's worker only). */
    private long lastTaken;

    /** @param progress how far ingest has got through the broker's queue (silence is judged against it) */
    public AnalyticsStage(AnalyticsStageConfig config, Registry registry, TimeSeriesStore store, MeterRegistry meters,
                          IngestProgress progress) {
        this.config = config;
        this.registry = registry;
        this.store = store;
        this.meters = meters;
        this.progress = progress;
    }

    /** A start that fails part way stops what it started: Vert.x calls {@link #stop} only after a successful start. */
    @Override
    public Future<?> start() throws Exception {
        try {
            return startStage().onFailure(e -> started.close());
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    private Future<?> startStage() throws Exception {
        EventBus bus = vertx.eventBus();
        TopicScheme topics = new TopicScheme(config.topicRoot());
        AnalyticsService analytics = new AnalyticsService(registry, store, config.lateness(), meters, progress,
                alert -> bus.send(BusAddresses.MQTT_PUBLISH, new MqttPublication(topics.alerts(alert.site(), alert.device()),
                        AlertCodec.toJson(alert).encode().getBytes(StandardCharsets.UTF_8))),
                new AnalyticsListener() {
                    @Override
                    public void alertChanged(AlertChange change) {
                        bus.publish(BusAddresses.ALERTS, AlertMessages.changed(change.alert(), change.significant()));
                    }

                    @Override
                    public void batchJudged(BatchVerdict verdict) {
                        bus.publish(BusAddresses.VERDICTS, AlertMessages.judged(verdict));
                    }
                }, config.clustered());
        analytics.start();
        started.push(analytics);

        EvidenceStore evidence = new EvidenceStore(config.evidenceDir(), config.evidenceRetention());
        FrameAnalysisService frames = new FrameAnalysisService(registry, store, config.frameAnalysisThreads(), evidence, meters,
                config.detector(), analytics::submitFindings, sample -> {
                    analytics.onStored(sample);
                    bus.publish(BusAddresses.FRAMES_ANALYSED, frameAnalysed(sample));
                });
        frames.start();
        started.push(frames);
        long prune = vertx.setPeriodic(1_000, PRUNE_EVERY_MS, id -> vertx.executeBlocking(() -> evidence.prune(System.currentTimeMillis()), false));
        started.push(() -> vertx.cancelTimer(prune));

        bus.<StoredBatch>localConsumer(BusAddresses.STORED_FOR_ANALYSIS, m -> take(m, analytics, frames));
        bus.localConsumer(BusAddresses.INGEST_SUBSCRIBED, m -> analytics.publishRecovered()); // alerts a crash kept from MQTT
        bus.<OwnershipChanged>localConsumer(BusAddresses.OWNERSHIP, m -> analytics.own(m.body()).whenComplete((done, failure) -> {
            if (failure == null) {
                m.reply(null);
            } else {
                m.fail(500, failure.toString());
            }
        }));
        return vertx.deployVerticle(new AlertDesk(analytics));
    }

    /** On this stage's worker: blocks while analytics is a full queue behind, which is what holds ingest back. */
    private void take(Message<StoredBatch> m, AnalyticsService analytics, FrameAnalysisService frames) {
        StoredBatch batch = m.body();
        if (batch.sequence() <= lastTaken) {
            m.reply(null); // sent again after its answer timed out: already taken
            return;
        }
        try {
            List<DeviceMessage> messages = batch.messages();
            long now = System.currentTimeMillis();
            for (int i = 0; i < messages.size(); i++) {
                DeviceMessage message = messages.get(i);
                analytics.onStored(message, batch.arrival(i, now));
                if (message instanceof Frame frame) {
                    frames.submit(frame);
                }
            }
            analytics.progressed(batch.progress());
            lastTaken = batch.sequence();
            m.reply(null);
        } catch (RuntimeException e) {
            LOG.error("could not take {} stored messages for analysis", batch.messages().size(), e);
            m.fail(500, e.toString());
        }
    }

    private static FrameAnalysed frameAnalysed(Reading sample) {
        return new FrameAnalysed(sample.site(), sample.device(), sample.ts(), sample.values());
    }

    @Override
    public Future<?> stop() {
        started.close();
        return Future.succeededFuture();
    }
}
