package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.analytics.runtime.EvidenceStore;
import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Tokens;
import io.kitchenwatch.dashboards.auth.UserStore;
import io.kitchenwatch.dashboards.reports.ReportJobs;
import io.kitchenwatch.dashboards.certificates.CertificateWork;
import io.kitchenwatch.dashboards.certificates.Certificates;
import io.kitchenwatch.dashboards.certificates.VerifyPages;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.pipeline.SnapshotStore;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.JWTAuthHandler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The HTTP API of protocol.md: one handler class per resource, mounted here under {@code /api/v1} behind bearer-token
 * authentication (login, the API description and health excepted). Handlers run on the event loop and read in-memory
 * state; store and file reads go to worker threads.
 */
public final class ApiRouter {
    /** What /health checks. */
    public record HealthChecks(String brokerName, TimeSeriesStore store) {
    }

    private final Vertx vertx;
    private final Tokens tokens;
    private final HealthApi health;
    private final LoginApi login;
    private final SiteApi sites;
    private final OverviewApi overview;
    private final RegistryApi registryApi;
    private final DeviceApi devices;
    private final AlertApi alerts;
    private final KpiApi kpis;
    private final LiveStream live;
    private final UnregisteredSourcesApi unregistered;
    private final ReportApi reports;
    private final CertificateApi certificates;
    private final VerifyPages verifyPages;
    private Router api;
    private String openApi;

    public ApiRouter(Vertx vertx, Registry registry, DeviceStatusTracker tracker, TimeSeriesStore store,
                     SnapshotStore snapshots, AlertBoard alertBoard, EvidenceStore evidence, HealthChecks health,
                     Supplier<String> prometheus, Tokens tokens, UserStore users, MeterRegistry meters,
                     ReportJobs reportJobs, Certificates certificates, RegistryFiles registryFiles) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.health = new HealthApi(vertx, health, prometheus);
        this.login = new LoginApi(vertx, tokens, users, meters);
        this.sites = new SiteApi(registry, tracker, alertBoard);
        this.overview = new OverviewApi(vertx, registry, tracker, alertBoard);
        this.registryApi = new RegistryApi(vertx, registry, registryFiles);
        this.devices = new DeviceApi(vertx, registry, tracker, store, snapshots, evidence);
        this.alerts = new AlertApi(vertx, registry, store, alertBoard);
        this.kpis = new KpiApi(vertx, registry, store, alertBoard);
        this.reports = new ReportApi(registry, reportJobs);
        CertificateWork certificateWork = certificates == null ? null : new CertificateWork(vertx);
        this.certificates = new CertificateApi(certificateWork, registry, certificates);
        this.verifyPages = new VerifyPages(certificateWork, certificates);
        this.live = new LiveStream(vertx, registry, meters);
        this.unregistered = new UnregisteredSourcesApi(vertx);
    }

    /**
     * What the HTTP server must allow for this API: clients such as {@code curl -d} send JSON labelled as a form, and
     * the form decoder must not give up on a body the API accepts (Vert.x buffers only 1 KB of a form by default); and
     * idle connections are closed.
     */
    public static HttpServerOptions serverOptions() {
        // a connection with nothing sent either way for 2 minutes is closed (live streams send a comment every 15 s)
        return new HttpServerOptions().setMaxFormAttributeSize(AlertApi.MAX_BODY).setMaxFormBufferedBytes(AlertApi.MAX_BODY)
                .setIdleTimeout(120).setIdleTimeoutUnit(TimeUnit.SECONDS);
    }

    public Router router() {
        Router root = Router.router(vertx);
        health.mount(root);
        verifyPages.mount(root);
        Router api = Router.router(vertx);
        this.api = api;
        api.get("/openapi.json").handler(this::openApi);
        login.mount(api);
        // a browser's EventSource cannot send headers: for the live stream only, the token may come as ?access_token=
        api.get("/live").handler(ctx -> {
            String token = ctx.queryParams().get("access_token");
            if (token != null && ctx.request().getHeader("Authorization") == null) {
                ctx.request().headers().set("Authorization", "Bearer " + token);
            }
            ctx.next();
        });
        // everything below needs a bearer token; what it may see is its caller's scope
        api.route().handler(JWTAuthHandler.create(tokens.provider()));
        api.route().handler(ctx -> {
            // a token without exp would be good forever once leaked: this node never issues one, and takes none
            if (Tokens.expiresAt(ctx.user()).isEmpty()) {
                throw ApiException.unauthorized("the token has no expiry (exp); log in again or issue one with kitchenwatch token");
            }
            ctx.next();
        });
        sites.mount(api);
        overview.mount(api);
        registryApi.mount(api);
        devices.mount(api);
        alerts.mount(api);
        api.get("/kpis").handler(kpis::kpis);
        api.get("/live").handler(live::handle);
        unregistered.mount(api);
        reports.mount(api);
        certificates.mount(api);
        root.route("/api/v1/*").subRouter(api);
        root.route("/api/*").handler(ctx -> { throw ApiException.notFound("no such endpoint", ctx.request().method() + " " + ctx.request().path()); });
        root.route().failureHandler(ApiFailures::handle);
        return root;
    }

    /** The API description, kept in step with the routes by ApiRouterTest. */
    private void openApi(RoutingContext ctx) {
        if (openApi == null) {
            try (InputStream in = ApiRouter.class.getResourceAsStream("/api/openapi.json")) {
                openApi = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("openapi.json is missing from the jar", e);
            }
        }
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(openApi);
    }

    /** Method and path (OpenAPI style, {@code /api/v1/...{param}}) of every route under /api/v1. */
    Set<String> apiRoutes() {
        Set<String> out = new TreeSet<>();
        for (Route r : api.getRoutes()) {
            if (r.getPath() == null || r.methods() == null) {
                continue;
            }
            String path = "/api/v1" + r.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
            r.methods().forEach(m -> out.add(m.name().toLowerCase(Locale.ROOT) + " " + path));
        }
        return out;
    }

    /**
     * The API reads JSON (or JSON labelled as a form, as {@code curl -d} sends it); a multipart body is refused before
     * anything of it is read, and no handler ever stores uploaded files (Vert.x would write them to file-uploads/).
     */
    static void refuseMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw ApiException.unsupportedMediaType("send JSON, e.g. {\"note\": \"...\"}");
        }
        ctx.next();
    }

    static Caller caller(RoutingContext ctx) {
        return Tokens.caller(ctx.user()).orElseThrow(() -> ApiException.unauthorized("the token names no known role"));
    }
}
