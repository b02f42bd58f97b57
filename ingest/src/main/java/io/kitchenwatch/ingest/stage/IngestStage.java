package io.kitchenwatch.ingest.stage;

import io.kitchenwatch.devices.lifecycle.Closer;
import io.kitchenwatch.devices.bus.AlertActionRequest;
import io.kitchenwatch.devices.bus.AlertChanged;
import io.kitchenwatch.devices.bus.BusAddresses;
import io.kitchenwatch.devices.bus.IngestSubscribed;
import io.kitchenwatch.devices.bus.MqttPublication;
import io.kitchenwatch.devices.bus.OwnershipChanged;
import io.kitchenwatch.devices.bus.StoredBatch;
import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.wire.Channel;
import io.kitchenwatch.ingest.broker.EmbeddedBroker;
import io.kitchenwatch.ingest.camera.StreamPuller;
import io.kitchenwatch.ingest.cluster.ActionRouter;
import io.kitchenwatch.ingest.cluster.ClusterNode;
import io.kitchenwatch.ingest.pipeline.IngestHealth;
import io.kitchenwatch.ingest.pipeline.MqttIngest;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.status.UnregisteredSources;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ingest stage as a (worker) verticle: consumes MQTT, stores, keeps device status, and puts what it stored on the
 * bus ({@link BusHandOff}); publishes on MQTT what other stages send it ({@link BusAddresses#MQTT_PUBLISH}); pulls
 * camera streams listed in the registry; and, for an embedded broker, admits devices once it has subscribed.
 */
public final class IngestStage extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(IngestStage.class);
    private static final long SAVE_NOTICES_MS = 30_000;
    private static final Duration OWNERSHIP_WAIT = Duration.ofMinutes(4);
    private static final DeliveryOptions FROM_CLUSTER = new DeliveryOptions().addHeader(BusAddresses.FROM_CLUSTER, "true");
    private static final DeliveryOptions ROUTED = new DeliveryOptions().addHeader(BusAddresses.FROM_CLUSTER, "true")
            .setSendTimeout(15_000);
    private final IngestStageConfig config;
    private final Registry registry;
    private final TimeSeriesStore store;
    private final DeviceStatusTracker tracker;
    private final MeterRegistry meters;
    private final Optional<EmbeddedBroker> gate;
    private final Closer started = new Closer();
    private volatile MqttIngest mqtt;

    /** @param gate the embedded broker, which keeps devices out until this stage has subscribed; empty for an external one */
    public IngestStage(IngestStageConfig config, Registry registry, TimeSeriesStore store, DeviceStatusTracker tracker,
                       MeterRegistry meters, Optional<EmbeddedBroker> gate) {
        this.config = config;
        this.registry = registry;
        this.store = store;
        this.tracker = tracker;
        this.meters = meters;
        this.gate = gate;
    }

    /** A start that fails part way stops what it started: Vert.x calls {@link #stop} only after a successful start. */
    @Override
    public Future<?> start() throws Exception {
        try {
            startStage();
            return Future.succeededFuture();
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    private void startStage() throws Exception {
        BusHandOff handOff = new BusHandOff(vertx.eventBus());
        started.push(handOff::close);
        MqttIngest mqtt;
        Runnable drain;
        Supplier<IngestHealth> health;
        if (config.cluster().isPresent()) {
            ClusterNode cluster = ClusterNode.join(config.cluster().get(), config.mqtt(), registry, store, tracker, meters, handOff,
                    new ClusterNode.Collaborators(this::tellAnalytics,
                            change -> vertx.eventBus().publish(BusAddresses.ALERTS, change, FROM_CLUSTER), this::applyRouted,
                            (messages, turned) -> {
                                // the other nodes' devices: for the live stream and device status only, never analysed here
                                vertx.eventBus().publish(BusAddresses.STORED, new StoredBatch(0, messages));
                                turned.forEach(change -> vertx.eventBus().publish(BusAddresses.DEVICE_STATUS, change));
                            }));
            started.push(cluster);
            shareAlerts(cluster);
            mqtt = cluster.mqtt();
            drain = cluster::drain;
            health = cluster::health;
        } else {
            mqtt = MqttIngest.handingOff(config.mqtt(), registry, store, tracker, meters, handOff);
            started.push(mqtt);
            drain = mqtt::drain;
            health = mqtt::health;
        }
        this.mqtt = mqtt;
        keepUnregisteredSources(mqtt.unregisteredSources());
        vertx.eventBus().<MqttPublication>localConsumer(BusAddresses.MQTT_PUBLISH,
                m -> mqtt.publish(m.body().topic(), m.body().payload()));
        vertx.eventBus().localConsumer(BusAddresses.INGEST_HEALTH, m -> m.reply(health.get().toJson()));
        vertx.eventBus().localConsumer(BusAddresses.UNREGISTERED_SOURCES, m -> m.reply(mqtt.unregisteredSources().toJson()));
        vertx.eventBus().localConsumer(BusAddresses.INGEST_DRAIN, m -> {
            drain.run();
            m.reply(null);
        });
        mqtt.start();
        boolean subscribed = mqtt.awaitConnected(config.subscribeWait().toMillis());
        if (!subscribed) {
            LOG.warn("not yet connected to the MQTT broker {}; ingest keeps trying in the background", config.mqtt().brokerUri());
        }
        gate.ifPresent(broker -> broker.bindMetrics(meters));
        onceSubscribed(mqtt, subscribed, () -> {
            vertx.eventBus().publish(BusAddresses.INGEST_SUBSCRIBED, new IngestSubscribed(System.currentTimeMillis()));
            gate.ifPresent(EmbeddedBroker::admitEveryone);
        });
        startStreamPullers(mqtt);
    }

    /** See {@link MqttIngest#acceptLocal}; only once the stage has started. */
    public void acceptLocal(String topic, byte[] payload) throws InterruptedException {
        MqttIngest running = mqtt;
        if (running == null) {
            throw new IllegalStateException("ingest has not started");
        }
        running.acceptLocal(topic, payload);
    }

    /**
     * On the Kafka consumer's thread, which waits: records of a gained partition are taken only once analysis has
     * rebuilt its devices' state (bounded, so a stuck analysis cannot cost the group membership for good).
     */
    private void tellAnalytics(OwnershipChanged change) {
        try {
            vertx.eventBus().request(BusAddresses.OWNERSHIP, change, new DeliveryOptions().setSendTimeout(OWNERSHIP_WAIT.toMillis()))
                    .await(OWNERSHIP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("analysis did not confirm the change of owned devices ({}); going on", e.toString());
        }
    }

    /**
     * Cluster mode: the alert changes this node's analysis makes go to the cluster's alert log (those read from it are
     * published here with {@link BusAddresses#FROM_CLUSTER} and not shared again), and a step on an alert another node
     * owns goes to that node.
     */
    private void shareAlerts(ClusterNode cluster) {
        vertx.eventBus().<AlertChanged>localConsumer(BusAddresses.ALERTS, m -> {
            if (!m.headers().contains(BusAddresses.FROM_CLUSTER)) {
                cluster.alerts().publish(m.body());
            }
        });
        vertx.eventBus().<AlertActionRequest>localConsumer(BusAddresses.CLUSTER_ACT, m -> {
            AlertActionRequest request = m.body();
            Optional<AlertChanged> known = cluster.alerts().alert(request.alertId());
            if (known.isEmpty()) {
                m.fail(AlertActionRequest.NOT_FOUND, request.alertId());
                return;
            }
            cluster.actions().route(request, known.get().site(), known.get().device()).whenComplete((answer, failure) -> {
                if (failure != null) {
                    m.fail(AlertActionRequest.UNAVAILABLE, "the node that owns this alert did not answer in "
                            + ActionRouter.ANSWER_WAIT.toSeconds() + " s; reload the alert before trying again");
                } else if (answer.changed() != null) {
                    m.reply(answer.changed());
                } else {
                    m.fail(answer.failureCode(), answer.message());
                }
            });
        });
    }

    /** A step routed here from another node: applied by this node's analysis, never routed on again. */
    private CompletableFuture<ActionRouter.Answer> applyRouted(AlertActionRequest request) {
        return vertx.eventBus().<AlertChanged>request(BusAddresses.ALERT_ACTIONS, request, ROUTED)
                .toCompletionStage().toCompletableFuture()
                .handle((reply, failure) -> {
                    if (failure == null) {
                        return new ActionRouter.Answer(reply.body(), 0, null);
                    }
                    if (failure instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                        return new ActionRouter.Answer(null, r.failureCode(), r.getMessage());
                    }
                    return new ActionRouter.Answer(null, AlertActionRequest.UNAVAILABLE, "analytics did not answer: " + failure.getMessage());
                });
    }

    @Override
    public Future<?> stop() {
        started.close();
        return Future.succeededFuture();
    }

    /** The notices survive restarts: saved every 30 s and on stop. */
    private void keepUnregisteredSources(UnregisteredSources sources) {
        var file = config.unregisteredSourcesFile();
        try {
            sources.load(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read {} ({}); unregistered-source notices start empty", file, e.toString());
        }
        Runnable save = () -> {
            try {
                sources.save(file);
            } catch (IOException e) {
                LOG.warn("cannot save {}: {}", file, e.toString());
            }
        };
        long timer = vertx.setPeriodic(SAVE_NOTICES_MS, id -> vertx.executeBlocking(() -> {
            save.run();
            return null;
        }, false));
        started.push(() -> {
            vertx.cancelTimer(timer);
            save.run();
        });
    }

    /** Cameras with a {@code stream_url} in the registry are pulled; their snapshots enter through MQTT like any other. */
    private void startStreamPullers(MqttIngest mqtt) {
        for (RegisteredDevice d : registry.devices()) {
            if (d.kind() == DeviceKind.CAMERA && d.settings().get("stream_url") instanceof String url) {
                String topic = mqtt.topics().deviceTopic(d.site(), d.id(), Channel.FRAME);
                StreamPuller puller = new StreamPuller(d.id(), url, d.reportInterval(), meters, (device, jpeg) -> mqtt.publish(topic, jpeg));
                puller.start();
                started.push(puller);
                LOG.info("pulling camera {} from {}", d.id(), url);
            }
        }
    }

    /** Runs {@code then} (quickly) once ingest has subscribed: now if it has, else on a thread that waits for it. */
    private static void onceSubscribed(MqttIngest ingest, boolean subscribed, Runnable then) {
        if (subscribed) {
            then.run();
            return;
        }
        Thread waiter = new Thread(() -> {
            try {
                while (!ingest.awaitConnected(30_000)) {
                    LOG.warn("ingest has not subscribed at the broker yet (devices are kept out of an embedded one)");
                }
                then.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kw-once-subscribed");
        waiter.setDaemon(true);
        waiter.start();
    }
}
