package io.kitchenwatch.dashboards.stage;

import io.kitchenwatch.analytics.runtime.EvidenceStore;
import io.kitchenwatch.dashboards.api.AlertBoard;
import io.kitchenwatch.dashboards.api.ApiRouter;
import io.kitchenwatch.dashboards.auth.Tokens;
import io.kitchenwatch.dashboards.auth.UserStore;
import io.kitchenwatch.dashboards.pages.PageRoutes;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.pipeline.SnapshotStore;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;

import java.util.function.Supplier;

/**
 * The dashboards stage as a verticle: the HTTP API and the pages, with the alerts kept from the bus
 * ({@link AlertBoard}), alert actions and ingest's health and notices asked over it; device status, series and
 * pictures are read where ingest and analytics keep them.
 */
public final class DashboardsStage extends VerticleBase {
    private final DashboardsConfig config;
    private final Registry registry;
    private final DeviceStatusTracker tracker;
    private final TimeSeriesStore store;
    private final Supplier<String> prometheus;
    private final Tokens tokens;
    private final UserStore users;
    private final MeterRegistry meters;
    private volatile int port;

    public DashboardsStage(DashboardsConfig config, Registry registry, DeviceStatusTracker tracker, TimeSeriesStore store,
                           Supplier<String> prometheus, Tokens tokens, UserStore users, MeterRegistry meters) {
        this.config = config;
        this.registry = registry;
        this.tracker = tracker;
        this.store = store;
        this.prometheus = prometheus;
        this.tokens = tokens;
        this.users = users;
        this.meters = meters;
    }

    @Override
    public Future<?> start() {
        return AlertBoard.follow(vertx).compose(alerts -> {
            ApiRouter api = new ApiRouter(vertx, registry, tracker, store, new SnapshotStore(config.snapshotDir()), alerts,
                    new EvidenceStore(config.evidenceDir(), config.evidenceRetention()),
                    new ApiRouter.HealthChecks(config.brokerName(), store), prometheus, tokens, users, meters);
            Router routes = api.router();
            PageRoutes.mount(routes);
            return vertx.createHttpServer(ApiRouter.serverOptions()).requestHandler(routes).listen(config.port(), config.host());
        }).onSuccess(server -> port = server.actualPort());
    }

    /** The port the HTTP server listens on (once started). */
    public int port() {
        return port;
    }
}
