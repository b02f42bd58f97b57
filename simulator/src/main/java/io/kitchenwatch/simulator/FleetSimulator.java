package io.kitchenwatch.simulator;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.mqtt.PahoSocketFactory;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;
import io.kitchenwatch.devices.model.SiteKind;
import io.kitchenwatch.devices.wire.Channel;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.devices.wire.WireEncoder;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A simulated fleet: one Paho connection per registered device, each with its Last Will, publishing what its model
 * produces on simulated time. Used by the demo and by tests; it is a device, so it knows nothing of the backend.
 */
public final class FleetSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);
    private static final long TICK_MS = 100;
    private static final long HISTORY_STEP_MS = 1_000;
    private static final long HISTORY_LOG_MS = 30_000;

    private final SimulationConfig config;
    private final HistorySink historySink;
    private final TopicScheme topics;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kw-fleet-simulator");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong historyReplayed = new AtomicLong();
    private volatile SimClock clock;
    private volatile long wallStart;
    private volatile boolean live;
    private volatile Thread history;

    public FleetSimulator(Registry registry, SimulationConfig config) {
        this(registry, config, null);
    }

    /** @param historySink where the history {@link SimulationConfig#historyFrom} asks for goes (null: none asked) */
    public FleetSimulator(Registry registry, SimulationConfig config, HistorySink historySink) {
        this.config = config;
        this.historySink = historySink;
        this.topics = new TopicScheme(config.topicRoot());
        Random seeds = new Random(config.seed());
        List<Site> sites = registry.sites();
        if (config.sites() > 0) {
            sites = sites.subList(0, Math.min(config.sites(), sites.size()));
        }
        // a plant's batches go to the county's school canteens in turn, so each canteen has certificates to see
        List<String> canteens = registry.sites().stream().filter(s -> s.kind() == SiteKind.SCHOOL_CANTEEN).map(Site::id).toList();
        for (Site site : sites) {
            for (RegisteredDevice d : registry.devicesOf(site.id())) {
                devices.add(new SimulatedDevice(site, d, new Random(seeds.nextLong()), canteens));
            }
        }
    }

    public int deviceCount() {
        return devices.size();
    }

    public long published() {
        return published.get();
    }

    public long failed() {
        return failed.get();
    }

    /**
     * Connects every device (births are retained) and starts publishing. With a history to replay, that comes first,
     * on a thread of its own, into the history sink, and the devices connect once it is done; otherwise this returns
     * once all connections are up.
     */
    public void start() throws MqttException {
        long liveFrom = System.currentTimeMillis() - config.backfill().toMillis();
        OptionalLong historyFrom = config.historyFrom().stream().mapToLong(Instant::toEpochMilli).filter(from -> from < liveFrom).findFirst();
        if (historyFrom.isPresent()) {
            if (historySink == null) {
                throw new IllegalStateException("a history to replay needs a history sink");
            }
            devices.forEach(d -> d.beginAt(historyFrom.getAsLong()));
            history = new Thread(() -> replayHistoryThenGoLive(historyFrom.getAsLong(), liveFrom), "kw-fleet-history");
            history.setDaemon(true);
            history.start();
            return;
        }
        devices.forEach(d -> d.beginAt(liveFrom));
        connectAll();
        goLive(liveFrom);
    }

    private void connectAll() throws MqttException {
        List<IMqttToken> connecting = new ArrayList<>();
        for (SimulatedDevice d : devices) {
            connecting.add(d.connect());
        }
        for (int i = 0; i < connecting.size(); i++) {
            try {
                connecting.get(i).waitForCompletion(30_000);
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_FAILED_AUTHENTICATION
                        && e.getReasonCode() != MqttException.REASON_CODE_NOT_AUTHORIZED) {
                    throw e;
                }
                // a credential rotated by hand locks its simulated device out, as it would a real one
                LOG.warn("simulated device {} was refused by the broker ({}); it stays offline", devices.get(i).registered.id(),
                        e.getMessage());
            }
        }
    }

    /** Simulated time runs from {@code simFrom}, accelerated until it reaches the present; faults count from now. */
    private void goLive(long simFrom) {
        wallStart = System.currentTimeMillis();
        clock = new SimClock(wallStart, wallStart - simFrom, config.acceleration());
        live = true;
        ticker.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        LOG.info("simulated fleet of {} devices started (faults: {})", devices.size(),
                config.faults().stream().map(f -> f.kind() + ":" + f.device()).collect(Collectors.joining(", ")));
    }

    /**
     * Hands what every device produced from {@code from} to {@code to} to the history sink, in time order across the
     * fleet and as fast as it takes them, then connects the devices and goes live from {@code to}.
     */
    private void replayHistoryThenGoLive(long from, long to) {
        LOG.info("simulated fleet: replaying its history from {} to {} before going live", Instant.ofEpochMilli(from),
                Instant.ofEpochMilli(to));
        long wallFrom = System.currentTimeMillis();
        long nextLog = wallFrom + HISTORY_LOG_MS;
        try {
            for (long t = from; t < to; t = Math.min(to, t + HISTORY_STEP_MS)) {
                for (SimulatedDevice d : devices) {
                    d.replayUntil(t);
                }
                if (System.currentTimeMillis() >= nextLog) {
                    nextLog += HISTORY_LOG_MS;
                    LOG.info("simulated fleet history: {} % ({} messages, up to {})", (t - from) * 100 / (to - from),
                            historyReplayed.get(), Instant.ofEpochMilli(t));
                }
            }
            LOG.info("simulated fleet history replayed: {} messages in {} s", historyReplayed.get(),
                    (System.currentTimeMillis() - wallFrom) / 1000);
        } catch (InterruptedException e) {
            LOG.info("simulated fleet history stopped at {} messages", historyReplayed.get());
            return;
        } catch (RuntimeException e) {
            LOG.error("simulated fleet history failed; going live without the rest: {}", e.toString());
        }
        try {
            connectAll();
            goLive(to);
        } catch (MqttException | RuntimeException e) {
            LOG.error("simulated fleet could not go live after its history: {}", e.toString());
        }
    }

    /** Messages of the history handed to the sink so far. */
    public long historyReplayed() {
        return historyReplayed.get();
    }

    /** Whether the fleet publishes live (its history, if any, is done). */
    public boolean live() {
        return live;
    }

    private void tick() {
        long wall = System.currentTimeMillis();
        long sim = clock.simNow(wall);
        for (SimulatedDevice d : devices) {
            try {
                d.advance(sim, wall);
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.warn("simulated device {} failed a step: {}", d.registered.id(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        Thread replaying = history;
        if (replaying != null) {
            replaying.interrupt();
        }
        for (SimulatedDevice d : devices) {
            d.disconnect();
        }
    }

    private boolean faultActive(Fault.Kind kind, String device, long wall) {
        if (!live) {
            return false; // faults are for watching live; the history is the fleet's ordinary weeks
        }
        for (Fault f : config.faults()) {
            if (f.kind() == kind && f.device().equals(device) && wall >= wallStart + f.after().toMillis()) {
                return true;
            }
        }
        return false;
    }

    private final class SimulatedDevice {
        private final RegisteredDevice registered;
        private final Site site;
        private final Random random;
        private final List<String> customers;
        private final DeviceModel model;
        private MqttAsyncClient client;
        private long nextSimTs;
        private long nextFrameWall;
        private boolean dropped;

        SimulatedDevice(Site site, RegisteredDevice registered, Random random, List<String> customers) {
            this.customers = customers;
            this.site = site;
            this.registered = registered;
            this.random = random;
            this.model = model(fault(registered.kind()));
        }

        private BooleanSupplier fault(DeviceKind kind) {
            Fault.Kind faultKind = switch (kind) {
                case CAMERA -> Fault.Kind.CAMERA_BLACK;
                case DISINFECTION_CABINET -> Fault.Kind.CYCLE_COLD;
                case OIL_SEPARATOR -> Fault.Kind.GREASE_OVERFLOW;
                case WASTE_BIN -> Fault.Kind.BIN_UNCOLLECTED;
            };
            return () -> faultActive(faultKind, registered.id(), System.currentTimeMillis());
        }

        private DeviceModel model(BooleanSupplier fault) {
            Map<String, Object> s = registered.settings();
            return switch (registered.kind()) {
                case CAMERA -> new CameraModel(site.id(), registered.id(), site.workingHours(), random, fault,
                        () -> faultActive(Fault.Kind.INTRUDER, registered.id(), System.currentTimeMillis()),
                        () -> faultActive(Fault.Kind.CAMERA_COVERED, registered.id(), System.currentTimeMillis()));
                case DISINFECTION_CABINET -> new CabinetModel(site.id(), registered.id(),
                        String.valueOf(s.getOrDefault("method", "hot_air")), random, fault, customers);
                case OIL_SEPARATOR -> new SeparatorModel(site.id(), registered.id(), site.workingHours(), random, fault);
                case WASTE_BIN -> new WasteBinModel(site.id(), registered.id(), site.workingHours(),
                        ((Number) s.getOrDefault("capacity_kg", 120)).doubleValue(), random, fault);
            };
        }

        /** Its first report falls at a random point of its first interval after {@code simStart}. */
        void beginAt(long simStart) {
            nextSimTs = simStart + (long) (random.nextDouble() * registered.reportInterval().toMillis());
        }

        IMqttToken connect() throws MqttException {
            client = new MqttAsyncClient(config.brokerUri(), registered.id(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            String password = config.passwords().get(registered.id());
            if (password != null) {
                options.setUserName(registered.id());
                options.setPassword(password.toCharArray());
            }
            options.setCleanSession(true);
            options.setAutomaticReconnect(true);
            options.setMaxInflight(1000);
            options.setKeepAliveInterval(10);
            options.setSocketFactory(new PahoSocketFactory());
            options.setWill(topics.deviceTopic(site.id(), registered.id(), Channel.STATE),
                    "{\"online\":false}".getBytes(StandardCharsets.UTF_8), 1, true);
            client.setCallback(new BirthOnConnect());
            DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
            buffer.setBufferEnabled(true);
            buffer.setBufferSize(10_000);
            buffer.setDeleteOldestMessages(true);
            client.setBufferOpts(buffer);
            nextFrameWall = System.currentTimeMillis() + (long) (random.nextDouble() * config.frameInterval().toMillis());
            return client.connect(options);
        }

        void advance(long sim, long wall) {
            if (dropped) {
                return;
            }
            if (faultActive(Fault.Kind.DROP, registered.id(), wall)) {
                drop();
                return;
            }
            long interval = registered.reportInterval().toMillis();
            while (nextSimTs <= sim) {
                for (Outgoing o : model.step(nextSimTs)) {
                    publish(o, false);
                }
                nextSimTs += interval;
            }
            if (model instanceof CameraModel camera && wall >= nextFrameWall) {
                nextFrameWall = wall + config.frameInterval().toMillis();
                publish(camera.snapshot(wall), false);
            }
        }

        /** History: what the device produced up to {@code sim}, into the history sink. */
        void replayUntil(long sim) throws InterruptedException {
            long interval = registered.reportInterval().toMillis();
            while (nextSimTs <= sim) {
                for (Outgoing o : model.step(nextSimTs)) {
                    historySink.accept(topics.deviceTopic(site.id(), registered.id(), o.channel()), o.payload());
                    historyReplayed.incrementAndGet();
                }
                nextSimTs += interval;
            }
        }

        private void publish(Outgoing o, boolean retained) {
            try {
                client.publish(topics.deviceTopic(site.id(), registered.id(), o.channel()), o.payload(), 1, retained);
                published.incrementAndGet();
            } catch (MqttException e) {
                failed.incrementAndGet();
            }
        }

        private void drop() {
            dropped = true;
            try {
                client.disconnectForcibly(0, 0, false);
                LOG.info("simulated device {} dropped off the network without DISCONNECT", registered.id());
            } catch (MqttException e) {
                LOG.warn("could not drop {}: {}", registered.id(), e.toString());
            }
        }

        void disconnect() {
            if (client == null) {
                return;
            }
            try {
                if (client.isConnected()) {
                    // a clean shutdown is not a failure: say offline ourselves, since the Will will not fire
                    client.publish(topics.deviceTopic(site.id(), registered.id(), Channel.STATE),
                            WireEncoder.state(false, System.currentTimeMillis()), 1, true).waitForCompletion(2_000);
                    client.disconnect(2_000).waitForCompletion(3_000);
                }
                client.close();
            } catch (MqttException e) {
                LOG.debug("simulated device {} did not disconnect cleanly: {}", registered.id(), e.toString());
            }
        }

        private final class BirthOnConnect implements MqttCallbackExtended {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                try {
                    client.publish(topics.deviceTopic(site.id(), registered.id(), Channel.STATE),
                            WireEncoder.state(true, System.currentTimeMillis()), 1, true);
                } catch (MqttException e) {
                    failed.incrementAndGet();
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                LOG.debug("simulated device {} lost its connection: {}", registered.id(), cause.toString());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        }
    }
}
