package io.kitchenwatch.node;

import io.kitchenwatch.devices.lifecycle.Closer;
import io.kitchenwatch.analytics.runtime.AnalyticsStage;
import io.kitchenwatch.dashboards.auth.Tokens;
import io.kitchenwatch.dashboards.auth.UserStore;
import io.kitchenwatch.dashboards.stage.DashboardsStage;
import io.kitchenwatch.devices.bus.BusAddresses;
import io.kitchenwatch.devices.bus.BusContracts;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.identity.SecretFiles;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.broker.BrokerTls;
import io.kitchenwatch.ingest.broker.EmbeddedBroker;
import io.kitchenwatch.ingest.stage.IngestStage;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.config.StageConfigs;
import io.kitchenwatch.simulator.FleetSimulator;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One KitchenWatch process, assembled: reads the configuration, opens what the stages share (store, broker, device
 * status, metrics), and deploys the stages in the data's order (analytics, ingest, dashboards), each a verticle that
 * talks to the others over the event bus; for the demo, the simulated fleet last. Stops in reverse.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    /** Analytics rebuilds its state from the store and ingest waits for its subscription before they count as started. */
    private static final Duration STAGE_START = Duration.ofMinutes(10);
    private static final Duration STAGE_STOP = Duration.ofMinutes(1);
    private final Closer started = new Closer();
    private BrokerEndpoint broker;
    private String storeDescription;
    private int httpPort;
    private FleetSimulator fleet;
    private Tokens tokens;
    private UserStore users;
    private List<String> firstLogins = List.of();
    private CredentialStore credentials;

    private Node() {
    }

    public static Node start(KitchenWatchConfig config, boolean demo) throws Exception {
        Node node = new Node();
        try {
            node.assemble(config, demo);
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    private void assemble(KitchenWatchConfig config, boolean demo) throws Exception {
        protectDataDir(config.dataDir());
        Registry registry = config.loadRegistry();
        TimeSeriesStore store = StoreChoice.open(config, started);
        storeDescription = store.describe();
        credentials = CredentialStore.in(config.dataDir());
        SecretFiles.restrict(credentials.file());
        broker = BrokerEndpoint.open(config, registry, credentials, started);

        PrometheusMeterRegistry meters = meters();
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(meters))
                .build();
        started.push(() -> vertx.close().await(10, TimeUnit.SECONDS));
        BusContracts.register(vertx.eventBus());

        DeviceStatusTracker tracker = new DeviceStatusTracker(registry);
        long newestStored = StoreChoice.seedLatestValues(registry, store, tracker);
        // in the data's order: whoever takes stored messages listens before ingest hands any over
        String analytics = deploy(vertx, new AnalyticsStage(StageConfigs.analytics(config), registry, store, meters, tracker.progress()),
                ThreadingModel.WORKER);
        String ingest;
        IngestStage ingestStage = new IngestStage(StageConfigs.ingest(config, broker.uri(), broker.ingestUsername(), broker.ingestPassword()),
                registry, store, tracker, meters, broker.embedded());
        try {
            ingest = deploy(vertx, ingestStage, ThreadingModel.WORKER);
        } catch (Exception | Error e) {
            undeploy(vertx, analytics);
            throw e;
        }
        // stopping: ingest hands on what it holds, analytics decides on it and publishes through ingest's connection,
        // then ingest disconnects
        started.push(() -> undeploy(vertx, ingest));
        started.push(() -> undeploy(vertx, analytics));
        started.push(() -> vertx.eventBus().request(BusAddresses.INGEST_DRAIN, "", new DeliveryOptions().setSendTimeout(STAGE_STOP.toMillis()))
                .await(STAGE_STOP.toSeconds(), TimeUnit.SECONDS));
        tokens = Tokens.create(vertx, config.jwtSecret(), config.dataDir());
        users = new UserStore(config.dataDir().resolve("users.json"));
        DashboardsStage dashboards = new DashboardsStage(StageConfigs.dashboards(config, broker.uri()), registry, tracker, store,
                meters::scrape, tokens, users, meters, credentials);
        String dashboardsId = deploy(vertx, dashboards, ThreadingModel.EVENT_LOOP);
        started.push(() -> undeploy(vertx, dashboardsId));
        httpPort = dashboards.port();

        if (demo) {
            fleet = started.push(DemoFleet.start(config, registry, credentials, broker.localUri(), newestStored,
                    ingestStage::acceptLocal));
        }
        // last, once nothing else can fail: a start that failed earlier must not leave logins nobody was shown
        if (users.isEmpty()) {
            firstLogins = FirstLogins.seed(users, demo);
        }
    }

    private PrometheusMeterRegistry meters() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        JvmGcMetrics gc = started.push(new JvmGcMetrics());
        gc.bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        return meters;
    }

    /**
     * Deploys one stage and waits for it. A worker stage may block in its start and handlers (it talks to the broker
     * and the store), an event-loop stage may not.
     */
    private static String deploy(Vertx vertx, VerticleBase stage, ThreadingModel threading) throws Exception {
        return vertx.deployVerticle(stage, new DeploymentOptions().setThreadingModel(threading))
                .await(STAGE_START.toSeconds(), TimeUnit.SECONDS);
    }

    private static void undeploy(Vertx vertx, String deployment) throws Exception {
        vertx.undeploy(deployment).await(STAGE_STOP.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * The data folder holds readings, snapshots, evidence and the store's files besides the secrets (each 0600): only
     * its owner may enter it, whatever the umask made of what is inside.
     */
    private static void protectDataDir(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        try {
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            LOG.info("{} is not on a POSIX file system: protect it with the folder's own access rules", dataDir);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public String brokerUri() {
        return broker.localUri();
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
        return broker.embedded().flatMap(EmbeddedBroker::tls);
    }

    /** Whether the embedded broker listens on more than loopback. */
    public boolean brokerExposed() {
        return broker.exposed();
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

    public Optional<FleetSimulator> fleet() {
        return Optional.ofNullable(fleet);
    }

    @Override
    public void close() {
        started.close();
    }
}
