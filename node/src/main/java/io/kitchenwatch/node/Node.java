package io.kitchenwatch.node;

import io.kitchenwatch.dashboards.api.ApiRouter;
import io.kitchenwatch.dashboards.auth.Passwords;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.dashboards.auth.Tokens;
import io.kitchenwatch.dashboards.auth.UserStore;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.config.Setting;
import io.kitchenwatch.devices.bus.BusAddresses;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.identity.MqttPasswordHash;
import io.kitchenwatch.devices.identity.SecretFiles;
import io.kitchenwatch.simulator.SimulatedFleetSecrets;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.ingest.broker.BrokerAccess;
import io.kitchenwatch.ingest.broker.BrokerTls;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.DeviceStateChange;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.simulator.FleetSimulator;
import io.kitchenwatch.simulator.SimulationConfig;
import io.kitchenwatch.analytics.runtime.AlertCodec;
import io.kitchenwatch.analytics.runtime.AnalyticsService;
import io.kitchenwatch.analytics.runtime.EvidenceStore;
import io.kitchenwatch.analytics.runtime.FrameAnalysisService;
import io.kitchenwatch.devices.model.Frame;
import io.kitchenwatch.ingest.broker.BrokerSettings;
import io.kitchenwatch.ingest.broker.EmbeddedBroker;
import io.kitchenwatch.ingest.camera.StreamPuller;
import io.kitchenwatch.ingest.pipeline.IngestConfig;
import io.kitchenwatch.ingest.pipeline.MqttIngest;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.EmbeddedQuestDb;
import io.kitchenwatch.ingest.store.InfluxStore;
import io.kitchenwatch.ingest.store.LatestValues;
import io.kitchenwatch.ingest.store.QuestDbStore;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One KitchenWatch process: store, broker, ingest, HTTP API and, for the demo, the simulated fleet. Components start
 * in dependency order and stop in reverse. Embedded HiveMQ and QuestDB run unless an external broker or InfluxDB is
 * configured.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private String brokerUri;
    private String storeDescription;
    private int httpPort;
    private FleetSimulator fleet;
    private AnalyticsService analytics;
    private Tokens tokens;
    private UserStore users;
    private List<String> firstLogins = List.of();
    private CredentialStore credentials;
    private boolean brokerExposed;
    private Optional<BrokerTls> brokerTls = Optional.empty();

    private Node() {
    }

    public static Node start(KitchenWatchConfig config, boolean demo) throws Exception {
        Node node = new Node();
        try {
            node.startComponents(config, demo);
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    private void startComponents(KitchenWatchConfig config, boolean demo) throws Exception {
        protectDataDir(config.dataDir());
        Registry registry = config.loadRegistry();
        for (RegisteredDevice d : registry.devices()) {
            try {
                io.kitchenwatch.analytics.camera.Roi.of(d.settings());
            } catch (IllegalArgumentException e) {
                throw new io.kitchenwatch.node.config.ConfigException("registry: device " + d.id() + ": " + e.getMessage());
            }
        }
        TimeSeriesStore store = openStore(config);
        storeDescription = store.describe();

        credentials = CredentialStore.in(config.dataDir());
        SecretFiles.restrict(credentials.file());
        String ingestClientId = config.get(Setting.MQTT_CLIENT_ID);
        String ingestUsername = config.get(Setting.MQTT_USERNAME);
        String ingestPassword = config.get(Setting.MQTT_PASSWORD);
        Optional<String> external = config.externalBroker();
        EmbeddedBroker embeddedBroker = null;
        if (external.isPresent()) {
            brokerUri = external.get();
        } else {
            // the node's own ingest logs in with a secret made up now and kept in memory only
            ingestUsername = ingestClientId;
            ingestPassword = MqttPasswordHash.randomSecret();
            BrokerAccess access = new BrokerAccess.Closed(credentials, registry, new TopicScheme(config.get(Setting.TOPIC_ROOT)),
                    ingestClientId, ingestPassword);
            // devices wait at the door until ingest has subscribed, so nothing is acknowledged and routed to nobody
            Optional<BrokerTls> tls = Optional.empty();
            if (config.mqttTlsPort().isPresent()) {
                tls = Optional.of(BrokerTls.prepare(config.dataDir().resolve("tls"), config.get(Setting.MQTT_TLS_BIND),
                        config.mqttTlsPort().getAsInt(), config.mqttTlsKeystore(), config.mqttTlsKeystorePassword(),
                        config.mqttTlsClientCa()));
            }
            BrokerSettings brokerSettings = new BrokerSettings(config.mqttBind(), config.mqttPort(), config.brokerQueueMessages(),
                    Set.of(ingestClientId), access, tls);
            embeddedBroker = EmbeddedBroker.start(config.dataDir().resolve("hivemq"), brokerSettings);
            started.push(embeddedBroker);
            brokerUri = embeddedBroker.uri();
            brokerExposed = brokerSettings.exposed();
            brokerTls = embeddedBroker.tls();
        }

        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(meters);
        started.push(gc);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(meters))
                .build();
        started.push(() -> vertx.close().await(10, TimeUnit.SECONDS));

        DeviceStatusTracker tracker = new DeviceStatusTracker(registry);
        long newestStored = seedLatestValues(registry, store, tracker);

        IngestConfig ingestConfig = new IngestConfig(brokerUri, ingestClientId, ingestUsername, ingestPassword,
                config.get(Setting.TOPIC_ROOT),
                config.sharedGroup(), 1000, 20_000, 5_000, Duration.ZERO,
                config.dataDir().resolve("snapshots"), io.kitchenwatch.devices.wire.ValidationLimits.DEFAULTS, config.mqttCa());
        MqttIngest[] ingestRef = new MqttIngest[1];
        AnalyticsService analytics = new AnalyticsService(registry, store, config.analyticsLateness(), meters, tracker.progress(),
                alert -> ingestRef[0].publish(ingestRef[0].topics().alerts(alert.site(), alert.device()),
                        AlertCodec.toJson(alert).encode().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                alert -> vertx.eventBus().publish(BusAddresses.ALERTS, AlertCodec.toJson(alert)));
        analytics.start();
        started.push(analytics);
        this.analytics = analytics;

        EvidenceStore evidence = new EvidenceStore(config.dataDir().resolve("evidence"), config.evidenceRetention());
        FrameAnalysisService frames = new FrameAnalysisService(registry, store, config.frameAnalysisThreads(), evidence, meters,
                config.detector(), analytics::submitFindings, analytics::onStored);
        frames.start();
        started.push(frames);
        vertx.setPeriodic(1_000, Duration.ofHours(6).toMillis(), id -> vertx.executeBlocking(() -> evidence.prune(System.currentTimeMillis()), false));

        MqttIngest ingest = new MqttIngest(ingestConfig, registry, store, tracker, meters, message -> {
            vertx.eventBus().publish(BusAddresses.STORED, storedEvent(message));
            analytics.onStored(message);
            if (message instanceof Frame frame) {
                frames.submit(frame);
            }
        });
        ingestRef[0] = ingest;
        keepUnregisteredSources(ingest.unregisteredSources(), config.dataDir().resolve("unregistered-sources.json"), vertx);
        ingest.start();
        started.push(ingest);
        boolean subscribed = ingest.awaitConnected(30_000);
        if (!subscribed) {
            LOG.warn("not yet connected to the MQTT broker {}; ingest keeps trying in the background", brokerUri);
        }
        EmbeddedBroker gate = embeddedBroker;
        if (gate != null) {
            gate.bindMetrics(meters);
        }
        onceSubscribed(ingest, subscribed, () -> {
            analytics.publishRecovered(); // alerts a crash kept from MQTT
            if (gate != null) {
                gate.admitEveryone();
            }
        });

        startStreamPullers(registry, ingest, meters);

        tokens = Tokens.create(vertx, config.jwtSecret(), config.dataDir());
        users = new UserStore(config.dataDir().resolve("users.json"));
        ApiRouter api = new ApiRouter(vertx, registry, tracker, store, ingest.snapshots(), analytics, evidence,
                new ApiRouter.HealthChecks(brokerUri, ingest::health, store), meters::scrape, tokens, users, meters,
                ingest.unregisteredSources());
        io.vertx.ext.web.Router routes = api.router();
        io.kitchenwatch.dashboards.pages.PageRoutes.mount(routes);
        HttpServer server = vertx.createHttpServer(ApiRouter.serverOptions()).requestHandler(routes)
                .listen(config.httpPort(), config.httpHost()).await(30, TimeUnit.SECONDS);
        httpPort = server.actualPort();

        if (demo) {
            java.util.Map<String, String> fleetPasswords = SimulatedFleetSecrets.passwords(
                    config.dataDir().resolve("demo-fleet-secrets.json"), credentials,
                    registry.devices().stream().map(RegisteredDevice::id).toList());
            fleet = new FleetSimulator(registry, new SimulationConfig(localUri(brokerUri), config.get(Setting.TOPIC_ROOT),
                    demoBackfill(Duration.ofMinutes(config.demoBackfillMinutes()), newestStored), config.demoAcceleration(), config.demoSites(),
                    Duration.ofSeconds(config.demoFrameSeconds()), config.demoFaults(), 2019L, fleetPasswords));
            started.push(fleet);
            fleet.start();
        }
        // last, once nothing else can fail: a start that failed earlier must not leave logins nobody was shown
        if (users.isEmpty()) {
            firstLogins = seedUsers(users, demo);
        }
    }

    /**
     * The first start makes an admin (and, for the demo, one login per role in the demo county) with random passwords,
     * shown once; only their hashes are stored.
     */
    private static List<String> seedUsers(UserStore users, boolean demo) {
        List<String> lines = new java.util.ArrayList<>();
        java.util.function.BiConsumer<String[], Role> add = (nameAndScope, role) -> {
            String password = Passwords.random();
            users.put(nameAndScope[0], password.toCharArray(), role, nameAndScope[1]);
            lines.add(String.format("%-10s %-14s %-12s %s", role.wireName(), nameAndScope[0], password,
                    nameAndScope[1].isEmpty() ? "everything" : nameAndScope[1]));
        };
        add.accept(new String[] {"admin", ""}, Role.ADMIN);
        if (demo) {
            add.accept(new String[] {"inspector", "tiantai"}, Role.REGULATOR);
            add.accept(new String[] {"jiekang", "org-disinfect-01"}, Role.COMPANY);
            add.accept(new String[] {"canteen01", "org-school-01"}, Role.CANTEEN);
        }
        return lines;
    }

    /**
     * The data folder holds readings, snapshots, evidence and the store's files besides the secrets (each 0600): only
     * its owner may enter it, whatever the umask made of what is inside.
     */
    private static void protectDataDir(java.nio.file.Path dataDir) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dataDir);
        try {
            java.nio.file.Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            LOG.info("{} is not on a POSIX file system: protect it with the folder's own access rules", dataDir);
        }
    }

    /** The notices survive restarts: saved every 30 s and on stop. */
    private void keepUnregisteredSources(io.kitchenwatch.ingest.status.UnregisteredSources sources, java.nio.file.Path file, Vertx vertx) {
        try {
            sources.load(file);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("cannot read {} ({}); unregistered-source notices start empty", file, e.toString());
        }
        Runnable save = () -> {
            try {
                sources.save(file);
            } catch (java.io.IOException e) {
                LOG.warn("cannot save {}: {}", file, e.toString());
            }
        };
        long timer = vertx.setPeriodic(30_000, id -> vertx.executeBlocking(() -> {
            save.run();
            return null;
        }, false));
        started.push(() -> {
            vertx.cancelTimer(timer);
            save.run();
        });
    }

    /** Cameras with a {@code stream_url} in the registry are pulled; their snapshots enter through MQTT like any other. */
    private void startStreamPullers(Registry registry, MqttIngest ingest, io.micrometer.core.instrument.MeterRegistry meters) {
        for (RegisteredDevice d : registry.devices()) {
            if (d.kind() == io.kitchenwatch.devices.model.DeviceKind.CAMERA && d.settings().get("stream_url") instanceof String url) {
                String topic = ingest.topics().deviceTopic(d.site(), d.id(), io.kitchenwatch.devices.wire.Channel.FRAME);
                StreamPuller puller = new StreamPuller(d.id(), url, d.reportInterval(), meters, (device, jpeg) -> ingest.publish(topic, jpeg));
                puller.start();
                started.push(puller);
                LOG.info("pulling camera {} from {}", d.id(), url);
            }
        }
    }

    private TimeSeriesStore openStore(KitchenWatchConfig config) throws StoreException {
        Optional<String> influx = config.influxUrl();
        if (influx.isPresent()) {
            InfluxStore store = new InfluxStore(influx.get(), config.get(Setting.INFLUX_TOKEN), config.get(Setting.INFLUX_ORG),
                    config.get(Setting.INFLUX_DATABASE), config.influxLegacyV1());
            started.push(store);
            try {
                store.createDatabaseIfMissing();
            } catch (StoreException e) {
                // InfluxDB 2.x/3.x create buckets their own way; writes will say if it is missing
                LOG.info("did not create database {} ({}); assuming it exists", config.get(Setting.INFLUX_DATABASE), e.getMessage());
            }
            return store;
        }
        EmbeddedQuestDb questDb = EmbeddedQuestDb.start(config.dataDir().resolve("questdb"), config.questDbHttpPort());
        started.push(questDb);
        QuestDbStore store = new QuestDbStore(questDb);
        started.push(store);
        store.createTables();
        return store;
    }

    /** After a restart the API shows each device's newest values from the store until it speaks again. */
    /** Devices stay refused until ingest has subscribed: what they sent before would be routed to nobody. */
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

    /** Seeds the device status with each device's newest stored values; returns the newest time of them all. */
    private static long seedLatestValues(Registry registry, TimeSeriesStore store, DeviceStatusTracker tracker) {
        long newest = Long.MIN_VALUE;
        for (RegisteredDevice d : registry.devices()) {
            try {
                Optional<LatestValues> latest = store.latest(d.id());
                latest.ifPresent(l -> tracker.seed(d.id(), l.ts(), l.values()));
                newest = Math.max(newest, latest.map(LatestValues::ts).orElse(Long.MIN_VALUE));
            } catch (StoreException e) {
                LOG.warn("cannot read the newest values of {} from the store: {}", d.id(), e.getMessage());
                break;
            }
        }
        return newest;
    }

    /**
     * A restarted demo resumes where its stored data ends instead of replaying hours the store already holds (which
     * would reach analytics as stale messages behind the state it rebuilt from that same data).
     */
    private static Duration demoBackfill(Duration configured, long newestStored) {
        if (newestStored == Long.MIN_VALUE) {
            return configured;
        }
        long sinceNewest = Math.max(0, System.currentTimeMillis() - newestStored);
        return sinceNewest < configured.toMillis() ? Duration.ofMillis(sinceNewest) : configured;
    }

    private static JsonObject storedEvent(DeviceMessage m) {
        JsonObject json = new JsonObject().put("site", m.site()).put("device", m.device()).put("ts", m.ts());
        if (m instanceof Reading r) {
            json.put("channel", "telemetry").put("values", new JsonObject(new HashMap<>(r.values())));
        } else if (m instanceof DeviceEvent e) {
            json.put("channel", "event").put("type", e.type()).put("attributes", new JsonObject(new HashMap<>(e.attributes())));
        } else if (m instanceof DeviceStateChange s) {
            json.put("channel", "state").put("online", s.online());
        } else {
            json.put("channel", "frame");
        }
        return json;
    }

    /** Simulated devices run in this process, so they reach a broker bound to every address on loopback. */
    private static String localUri(String uri) {
        return uri.replace("//0.0.0.0:", "//127.0.0.1:");
    }

    public int httpPort() {
        return httpPort;
    }

    public String brokerUri() {
        return localUri(brokerUri);
    }

    public String storeDescription() {
        return storeDescription;
    }

    /** The MQTT logins this node checks (issue through it in-process: a change is seen at once). */
    public CredentialStore mqttCredentials() {
        return credentials;
    }

    /** The embedded broker's TLS listener (its port and the certificate clients trust), if it has one. */
    public Optional<BrokerTls> brokerTls() {
        return brokerTls;
    }

    /** Whether the embedded broker listens on more than loopback. */
    public boolean brokerExposed() {
        return brokerExposed;
    }

    public Tokens tokens() {
        return tokens;
    }

    public UserStore users() {
        return users;
    }

    /** Logins made on this first start (role, username, password, scope), to show once; empty afterwards. */
    public List<String> firstLogins() {
        return firstLogins;
    }

    public AnalyticsService analytics() {
        return analytics;
    }

    public Optional<FleetSimulator> fleet() {
        return Optional.ofNullable(fleet);
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
