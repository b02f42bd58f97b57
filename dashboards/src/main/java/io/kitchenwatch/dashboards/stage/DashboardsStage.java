package io.kitchenwatch.dashboards.stage;

import io.kitchenwatch.analytics.runtime.EvidenceStore;
import io.kitchenwatch.dashboards.api.AlertBoard;
import io.kitchenwatch.dashboards.api.ApiRouter;
import io.kitchenwatch.dashboards.api.RegistryFiles;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.registry.RegistryChangeLog;
import io.kitchenwatch.dashboards.api.HostGuard;
import io.kitchenwatch.dashboards.auth.Tokens;
import io.kitchenwatch.dashboards.auth.UserStore;
import io.kitchenwatch.dashboards.certificates.Certificates;
import io.kitchenwatch.dashboards.pages.PageRoutes;
import io.kitchenwatch.devices.bus.BatchJudged;
import io.kitchenwatch.devices.bus.BusAddresses;
import io.kitchenwatch.devices.bus.StoredBatch;
import io.kitchenwatch.dashboards.reports.DailyReports;
import io.kitchenwatch.dashboards.reports.FactsGatherer;
import io.kitchenwatch.dashboards.reports.ReportJobs;
import io.kitchenwatch.dashboards.reports.ReportPeriod;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.pipeline.SnapshotStore;
import io.kitchenwatch.ingest.status.DeviceStatus;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The dashboards stage as a verticle: the HTTP API and the pages, with the alerts kept from the bus
 * ({@link AlertBoard}), alert actions and ingest's health and notices asked over it; device status, series and
 * pictures are read where ingest and analytics keep them.
 */
public final class DashboardsStage extends VerticleBase {
    /** How far back a start looks for compliant batches left without a certificate (say, by a crash). */
    static final Duration CATCH_UP = Duration.ofDays(2);
    static final Duration PRUNE_EVERY = Duration.ofHours(6);
    private final DashboardsConfig config;
    private final Registry registry;
    private final DeviceStatusTracker tracker;
    private final TimeSeriesStore store;
    private final Supplier<String> prometheus;
    private final Tokens tokens;
    private final UserStore users;
    private final MeterRegistry meters;
    private volatile int port;
    private ReportJobs reports;
    private volatile AlertBoard board;
    private Certificates certificates;
    private long framePruning = -1;
    private DailyReports dailyReports;
    private final CredentialStore mqttLogins;

    public DashboardsStage(DashboardsConfig config, Registry registry, DeviceStatusTracker tracker, TimeSeriesStore store,
                           Supplier<String> prometheus, Tokens tokens, UserStore users, MeterRegistry meters, CredentialStore mqttLogins) {
        this.config = config;
        this.registry = registry;
        this.tracker = tracker;
        this.store = store;
        this.prometheus = prometheus;
        this.tokens = tokens;
        this.users = users;
        this.meters = meters;
        this.mqttLogins = mqttLogins;
    }

    @Override
    public Future<?> start() {
        // the key, the kept reports and the frame folder are files: read them on a worker
        return vertx.executeBlocking(() -> {
            certificates = new Certificates(registry, store, config.dataDir().resolve("certificates"), config.evidenceRetention(),
                    config.publicUrl());
            reports = new ReportJobs(config.dataDir().resolve("reports"), new FactsGatherer(registry, store),
                    () -> board == null ? List.of() : board.alerts());
            return null;
        }, false).compose(v -> {
            vertx.eventBus().<StoredBatch>localConsumer(BusAddresses.STORED, m -> certificates.frames().onStored(m.body()));
            vertx.eventBus().<BatchJudged>localConsumer(BusAddresses.VERDICTS, m -> certificates.issuer().onVerdict(m.body()));
            long now = System.currentTimeMillis();
            certificates.issuer().catchUp(now - CATCH_UP.toMillis(), now);
            EvidenceStore certificateFrames = new EvidenceStore(certificates.framesDir(), config.evidenceRetention());
            framePruning = vertx.setPeriodic(PRUNE_EVERY.toMillis(),
                    id -> vertx.executeBlocking(() -> certificateFrames.prune(System.currentTimeMillis()), false));
            return AlertBoard.follow(vertx);
        }).compose(alerts -> {
            board = alerts;
            dailyReports = new DailyReports(vertx, registry, reports, ReportPeriod.DEFAULT_ZONE,
                    () -> tracker.all().stream().mapToLong(DeviceStatus::lastReadingTs).max().orElse(0));
            dailyReports.start();
            ApiRouter api = new ApiRouter(vertx, registry, tracker, store, new SnapshotStore(config.snapshotDir()), alerts,
                    new EvidenceStore(config.evidenceDir(), config.evidenceRetention()),
                    new ApiRouter.HealthChecks(config.brokerName(), store), prometheus, tokens, users, meters, reports, certificates,
                    new RegistryFiles(new RegistryChangeLog(config.dataDir()), mqttLogins));
            Router routes = api.router();
            PageRoutes.mount(routes);
            return vertx.createHttpServer(ApiRouter.serverOptions()).requestHandler(new HostGuard(routes)).listen(config.port(), config.host());
        }).onSuccess(server -> port = server.actualPort()).onFailure(e -> stop());
    }

    @Override
    public Future<?> stop() {
        if (framePruning >= 0) {
            vertx.cancelTimer(framePruning);
        }
        if (dailyReports != null) {
            dailyReports.close();
        }
        // the issuer finishes the certificate it is writing: wait for it on a worker, not here
        return vertx.executeBlocking(() -> {
            if (certificates != null) {
                certificates.close();
            }
            if (reports != null) {
                reports.close();
            }
            return null;
        }, false);
    }

    /** The port the HTTP server listens on (once started). */
    public int port() {
        return port;
    }
}
