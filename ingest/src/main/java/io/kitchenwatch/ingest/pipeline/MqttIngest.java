package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.retry.RetryPolicy;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.mqtt.PahoSocketFactory;
import io.kitchenwatch.devices.mqtt.TlsSockets;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.status.UnregisteredSources;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.function.Consumer;

/**
 * The MQTT side of ingest: a Paho client with a persistent session under a stable client id, manual
 * acknowledgements (a message is acked only after its durable hand-off), TCP_NODELAY, max inflight >= 1000,
 * reconnect with backoff, and an optional shared subscription. Rejected messages go to {@code {root}/deadletter}.
 */
public final class MqttIngest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttIngest.class);
    /** How often a progress probe is sent: the precision of "how far ingest has got". */
    static final long PROBE_INTERVAL_MS = 250;

    private final IngestConfig config;
    private final TopicScheme topics;
    private final IngestMetrics metrics;
    private final UnregisteredSources unregistered = new UnregisteredSources();
    private final SocketFactory socketFactory;
    private final Intake intake;
    private final DeadLetters deadLetters;
    private final DeviceStatusTracker tracker;
    private final ProgressProbes probes = new ProgressProbes();
    /** Replaced when a connect attempt wedges (a broker that accepts TCP but never answers leaves Paho stuck). */
    private volatile MqttAsyncClient client;
    private final BackendPublications outgoing;
    private final Thread connector;
    private volatile boolean closing;
    private boolean drained;
    /** Dead-letter retries and progress probes. */
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kw-ingest-timers");
        t.setDaemon(true);
        return t;
    });

    /** What a node's ingest does with what it receives: makes it durable somewhere, then acknowledges it. */
    @FunctionalInterface
    public interface IntakeFactory {
        Intake create(IngestMetrics metrics, DeadLetters deadLetters);
    }

    /** Hands stored messages on one at a time (a test's or a tool's listener). */
    public MqttIngest(IngestConfig config, Registry registry, TimeSeriesStore store, DeviceStatusTracker tracker,
                      MeterRegistry meters, Consumer<DeviceMessage> onStored) throws MqttException {
        this(config, tracker, meters, storing(config, registry, store, tracker, batch -> batch.forEach(onStored)));
    }

    /** Hands stored messages on one store write at a time. */
    public static MqttIngest handingOff(IngestConfig config, Registry registry, TimeSeriesStore store,
                                        DeviceStatusTracker tracker, MeterRegistry meters, StoredHandOff onStored) throws MqttException {
        return new MqttIngest(config, tracker, meters, storing(config, registry, store, tracker, onStored));
    }

    /** Hands what it receives to {@code intake} instead of storing it (a cluster node forwards it to a shared log). */
    public static MqttIngest into(IngestConfig config, DeviceStatusTracker tracker, MeterRegistry meters,
                                  IntakeFactory intake) throws MqttException {
        return new MqttIngest(config, tracker, meters, (metrics, deadLetters, probes, unregistered) -> intake.create(metrics, deadLetters));
    }

    private interface Wiring {
        Intake create(IngestMetrics metrics, DeadLetters deadLetters, ProgressProbes probes, UnregisteredSources unregistered);
    }

    private static Wiring storing(IngestConfig config, Registry registry, TimeSeriesStore store, DeviceStatusTracker tracker,
                                  StoredHandOff onStored) {
        return (metrics, deadLetters, probes, unregistered) -> StoringIntake.create(config, registry, store, tracker, metrics, probes,
                unregistered, onStored, deadLetters);
    }

    private MqttIngest(IngestConfig config, DeviceStatusTracker tracker, MeterRegistry meters, Wiring wiring) throws MqttException {
        this.config = config;
        this.topics = new TopicScheme(config.topicRoot());
        this.socketFactory = socketFactory(config);
        Intake[] intakeRef = new Intake[1];
        this.metrics = new IngestMetrics(meters, () -> intakeRef[0] == null ? 0 : intakeRef[0].depth(),
                () -> intakeRef[0] == null ? 0 : backlogAge(intakeRef[0]).toMillis() / 1000.0,
                () -> tracker.progress().lag(System.currentTimeMillis()).toMillis() / 1000.0);
        this.tracker = tracker;
        unregistered.bindMetrics(meters);
        this.deadLetters = new DeadLetterPublisher(() -> client, topics.deadLetter(), metrics, timers, () -> closing);
        this.outgoing = new BackendPublications(() -> client, meters);
        this.intake = wiring.create(metrics, deadLetters, probes, unregistered);
        intakeRef[0] = intake;
        this.client = newClient();
        this.connector = new Thread(this::superviseConnection, "kw-mqtt-connector");
        connector.setDaemon(true);
    }

    /** Publishes refused messages to the dead-letter topic through this ingest's connection. */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** Messages from sources the registry does not list at that site, one notice per site. */
    public UnregisteredSources unregisteredSources() {
        return unregistered;
    }

    private static SocketFactory socketFactory(IngestConfig config) {
        if (!config.brokerUri().startsWith("ssl://")) {
            return new PahoSocketFactory();
        }
        if (config.trustedCa().isEmpty()) {
            return TlsSockets.jvmDefault();
        }
        try {
            return TlsSockets.trusting(config.trustedCa().get());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot trust " + config.trustedCa().get() + ": " + e.getMessage(), e);
        }
    }

    public SnapshotStore snapshots() {
        return new SnapshotStore(config.snapshotDir());
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public boolean storeHealthy() {
        return intake.durableHealthy();
    }

    /** Whether data is flowing into the store right now, for {@code /health}. */
    public IngestHealth health() {
        return new IngestHealth(isConnected() && subscribed, intake.durableHealthy(), intake.depth(), backlogAge(intake),
                tracker.progress().lag(System.currentTimeMillis()));
    }

    private static Duration backlogAge(Intake intake) {
        long oldest = intake.oldestPendingArrival();
        return oldest == 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldest));
    }

    /** Starts writing and connecting; returns at once (the connection comes up in the background). */
    public void start() {
        intake.start();
        connector.start();
        timers.scheduleWithFixedDelay(() -> {
            try {
                sendProbe();
            } catch (RuntimeException e) { // one failure must not end the schedule (and freeze progress for good)
                LOG.error("progress probe failed: {}", e.toString());
            }
        }, PROBE_INTERVAL_MS, PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends a progress probe through the broker to this ingest's own subscription. It queues behind whatever the
     * broker holds for us, so its return (once what came before it is stored) tells how far ingest has got.
     */
    private void sendProbe() {
        MqttAsyncClient c = client;
        if (closing || !subscribed || !c.isConnected()) {
            return;
        }
        probes.next(System.currentTimeMillis()).ifPresent(payload -> {
            try {
                c.publish(probeTopic(), payload, 1, false, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        probes.unsent(payload);
                    }
                });
            } catch (MqttException e) {
                probes.unsent(payload); // inflight window full: the next tick tries again
            }
        });
    }

    private String probeTopic() {
        return topics.probe(config.clientId());
    }

    /** Waits until the first connection and subscription are up. */
    public boolean awaitConnected(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (client.isConnected() && subscribed) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private volatile boolean subscribed;
    private final Semaphore connectionLost = new Semaphore(0);
    /** Retained on every connect, its opposite left as the Last Will: a crash is known to the others at once. */
    private volatile Announcement announcement;
    private final Map<String, BiConsumer<String, byte[]>> listeners = new ConcurrentHashMap<>();

    private record Announcement(String topic, byte[] online, byte[] crashed, byte[] stopped) {
    }

    /**
     * Before {@link #start}: on every connect, {@code online} is published retained to {@code topic}, and
     * {@code crashed} is left there as the Last Will, so a crash of this node is published by the broker at once;
     * {@code stopped} is published there when this ingest stops.
     */
    public void announce(String topic, byte[] online, byte[] crashed, byte[] stopped) {
        announcement = new Announcement(topic, online.clone(), crashed.clone(), stopped.clone());
    }

    public String brokerUri() {
        return config.brokerUri();
    }

    /**
     * Cluster mode: the probes this ingest sends itself are also subscribed to on their own (not shared), so each comes
     * back through this node's broker session whatever the shared subscription does with its copy; {@code returned}
     * hears when each one that came back was sent, in the order of the session's messages.
     */
    public void ownProbes(LongConsumer returned) {
        listen(probeTopic(), (topic, payload) -> probes.returned(payload).ifPresent(returned));
    }

    /** Before {@link #start}: subscribes to {@code filter} (not shared) on every connect; {@code listener} must not block. */
    public void listen(String filter, BiConsumer<String, byte[]> listener) {
        listeners.put(filter, listener);
    }

    /** The options of this ingest's broker session (no Last Will): for a client that takes over a session of the same broker. */
    public MqttConnectOptions sessionOptions() {
        return options(false);
    }

    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(config.brokerUri(), config.clientId(), new MemoryPersistence());
        c.setManualAcks(true);
        c.setCallback(new Callback(c));
        return c;
    }

    /** Throws away a client stuck in a connect that never completes, and starts afresh under the same client id. */
    private void replaceClient() {
        MqttAsyncClient old = client;
        try {
            client = newClient();
        } catch (MqttException e) {
            LOG.error("cannot create a new MQTT client: {}", e.getMessage());
            return;
        }
        try {
            old.disconnectForcibly(0, 0, false);
        } catch (MqttException e) {
            LOG.debug("stuck client did not disconnect: {}", e.getMessage());
        }
        try {
            old.close(true);
        } catch (MqttException e) {
            LOG.debug("stuck client did not close: {}", e.getMessage());
        }
    }

    private MqttConnectOptions options() {
        return options(true);
    }

    private MqttConnectOptions options(boolean withWill) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        // reconnects are ours (superviseConnection): Paho's automatic reconnect was seen to stop trying after a
        // broker restart, leaving the node deaf until restarted
        o.setAutomaticReconnect(false);
        o.setMaxInflight(config.maxInflight());
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        o.setSocketFactory(socketFactory);
        if (!config.username().isEmpty()) {
            o.setUserName(config.username());
            o.setPassword(config.password().toCharArray());
        }
        Announcement a = announcement;
        if (a != null && withWill) {
            o.setWill(a.topic(), a.crashed(), 1, true);
        }
        return o;
    }

    /** Connects, then waits for the connection to drop and connects again, for as long as the node runs. */
    private void superviseConnection() {
        while (!closing) {
            connectWithBackoff();
            try {
                connectionLost.acquire();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Tries to connect with exponential backoff until connected or closing. */
    private void connectWithBackoff() {
        RetryPolicy.Backoff backoff = RetryPolicy.MQTT_CONNECT.backoff();
        while (!closing) {
            try {
                client.connect(options()).waitForCompletion(15_000);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT
                        || e.getReasonCode() == MqttException.REASON_CODE_CONNECT_IN_PROGRESS) {
                    replaceClient();
                }
                LOG.warn("cannot connect to MQTT broker {} ({}); retrying in {} ms", config.brokerUri(), e.getMessage(), backoff.nextMillis());
                try {
                    backoff.pause();
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** The device subscription, shared or not, exactly as subscribed. */
    public String deviceSubscription() {
        return subscription();
    }

    private String subscription() {
        return config.sharedGroup().map(g -> "$share/" + g + "/" + topics.deviceFilter()).orElse(topics.deviceFilter());
    }

    /**
     * Publishes a backend message (an alert change, a pulled frame) at QoS 1, in order, after what waits before it
     * ({@link BackendPublications}: bounded, waits for the inflight window and for a client that is down).
     */
    public void publish(String topic, byte[] payload) {
        outgoing.publish(topic, payload);
    }

    /**
     * Takes a device message from a source inside this process as if the broker had delivered it now (the demo
     * fleet's history): the same checks, dedupe, store and analysis, without the broker's transport. Blocks while the
     * store queue is full. In a cluster it goes to the shared log like any other.
     */
    public void acceptLocal(String topic, byte[] payload) throws InterruptedException {
        intake.accept(topic, payload, System.currentTimeMillis(), () -> { });
    }

    public TopicScheme topics() {
        return topics;
    }

    /** Acks on the client that received the message; a replaced client's messages come again in the new session. */
    private void ack(MqttAsyncClient receiver, MqttMessage message) {
        if (message.getQos() == 0 || receiver != client) {
            return;
        }
        try {
            receiver.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            // the connection dropped since: the broker will redeliver, and dedupe/idempotent writes absorb it
            LOG.debug("ack of message {} not sent: {}", message.getId(), e.getMessage());
        }
    }

    /**
     * Stops taking messages and hands on what it holds (the store writer drains); the connection stays up, so what
     * other stages publish meanwhile (alerts decided from those last messages) still reaches the broker.
     */
    public synchronized void drain() {
        if (drained) {
            return;
        }
        drained = true;
        closing = true;
        timers.shutdownNow();
        connector.interrupt();
        connectionLost.release();
        try {
            if (client.isConnected()) {
                client.unsubscribe(subscription()).waitForCompletion(2_000);
                Announcement a = announcement;
                if (a != null) {
                    client.publish(a.topic(), a.stopped(), 1, true).waitForCompletion(2_000);
                }
            }
        } catch (MqttException e) {
            LOG.debug("unsubscribe on close failed: {}", e.getMessage());
        }
        intake.drain();
    }

    @Override
    public void close() {
        drain();
        outgoing.flushAndClose(2_000);
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
            client.close();
        } catch (MqttException e) {
            LOG.debug("MQTT disconnect on close failed: {}", e.getMessage());
        }
    }

    private final class Callback implements MqttCallbackExtended {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            LOG.info("{} MQTT broker {}; subscribing to {}", reconnect ? "reconnected to" : "connected to", serverURI, subscription());
            try {
                // the client-wide callback receives the messages: per-subscription listeners never fire for $share
                owner.subscribe(subscription(), 1, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        subscribed = true;
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        LOG.error("subscription to {} refused: {}", subscription(), e.toString());
                    }
                });
            } catch (MqttException e) {
                LOG.error("cannot subscribe to {}: {}", subscription(), e.getMessage());
            }
            listeners.forEach((filter, listener) -> {
                try {
                    owner.subscribe(filter, 1, (topic, message) -> {
                        try {
                            listener.accept(topic, message.getPayload());
                        } finally {
                            ack(owner, message); // manual acks hold for messages to a listener too
                        }
                    });
                } catch (MqttException e) {
                    LOG.error("cannot subscribe to {}: {}", filter, e.getMessage());
                }
            });
            Announcement a = announcement;
            if (a != null) {
                try {
                    owner.publish(a.topic(), a.online(), 1, true);
                } catch (MqttException e) {
                    LOG.warn("could not announce this node on {}: {}", a.topic(), e.getMessage());
                }
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (owner != client) {
                return;
            }
            subscribed = false;
            if (!closing) {
                LOG.warn("lost the MQTT connection ({}); reconnecting with backoff", cause.toString());
                connectionLost.release();
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            intake.accept(topic, message.getPayload(), System.currentTimeMillis(), () -> ack(owner, message));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
