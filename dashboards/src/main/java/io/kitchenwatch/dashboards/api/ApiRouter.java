package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.ingest.pipeline.IngestHealth;
import java.util.ArrayList;
import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertState;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;
import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Tokens;
import io.kitchenwatch.dashboards.auth.UserStore;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.kitchenwatch.devices.identity.LoginThrottle;
import io.kitchenwatch.ingest.status.UnregisteredSources;
import io.kitchenwatch.analytics.runtime.EvidenceStore;
import io.kitchenwatch.ingest.pipeline.SnapshotStore;
import io.kitchenwatch.ingest.status.DeviceStatus;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.SeriesPoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.kitchenwatch.dashboards.api.Responses.error;
import static io.kitchenwatch.dashboards.api.Responses.json;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.function.Supplier;

/**
 * The HTTP API of protocol.md that exists so far. Handlers run on the event loop and read in-memory status; store
 * reads go to worker threads. Every {@code /api/v1} route hangs off one sub-router, where authentication will mount.
 */
public final class ApiRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    static final long MAX_SERIES_POINTS = 10_000;
    static final long MAX_SERIES_SPAN_MS = Duration.ofDays(400).toMillis();
    static final long DEFAULT_SERIES_SPAN_MS = Duration.ofHours(24).toMillis();
    static final long AUTO_STEP_POINTS = 500;

    /** What /health checks. */
    public record HealthChecks(String brokerName, Supplier<IngestHealth> ingest, TimeSeriesStore store) {
    }

    private final Vertx vertx;
    private final Registry registry;
    private final DeviceStatusTracker tracker;
    private final TimeSeriesStore store;
    private final SnapshotStore snapshots;
    private final DeviceViews views;
    private final HealthChecks health;
    private final Supplier<String> prometheus;
    private final AlertApi alerts;
    private final KpiApi kpis;
    private final LiveStream live;
    private Router api;
    private String openApi;
    private final EvidenceStore evidence;
    private final AlertBoard alertBoard;
    private final Tokens tokens;
    private final UserStore users;
    private final UnregisteredSources unregistered;
    static final Duration LOGIN_VALIDITY = Duration.ofHours(12);
    /** People mistype: five tries a minute per account and address, fifty per address, then 429 with Retry-After. */
    private final LoginThrottle loginThrottle = new LoginThrottle(5, 50);
    /** Password checks running at once, over all callers: more wait their turn with a 429. */
    static final int MAX_LOGINS_IN_FLIGHT = 8;
    private final java.util.concurrent.atomic.AtomicInteger loginsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final io.micrometer.core.instrument.Counter loginFailures;
    private final io.micrometer.core.instrument.Counter loginThrottled;

    public ApiRouter(Vertx vertx, Registry registry, DeviceStatusTracker tracker, TimeSeriesStore store,
                     SnapshotStore snapshots, AlertBoard alertBoard, EvidenceStore evidence, HealthChecks health,
                     Supplier<String> prometheus, Tokens tokens, UserStore users, io.micrometer.core.instrument.MeterRegistry meters,
                     UnregisteredSources unregistered) {
        this.unregistered = unregistered;
        this.live = new LiveStream(vertx, registry, meters);
        this.evidence = evidence;
        this.alertBoard = alertBoard;
        this.tokens = tokens;
        this.users = users;
        this.vertx = vertx;
        this.registry = registry;
        this.tracker = tracker;
        this.store = store;
        this.snapshots = snapshots;
        this.views = new DeviceViews(registry);
        this.health = health;
        this.prometheus = prometheus;
        this.alerts = new AlertApi(vertx, registry, store, alertBoard);
        this.kpis = new KpiApi(vertx, registry, store, alertBoard);
        this.loginFailures = io.micrometer.core.instrument.Counter.builder("kw.api.login.failures").tag("reason", "wrong_password")
                .description("logins refused").register(meters);
        this.loginThrottled = io.micrometer.core.instrument.Counter.builder("kw.api.login.failures").tag("reason", "throttled")
                .description("logins refused").register(meters);
    }

    /**
     * What the HTTP server must allow for this API: clients such as {@code curl -d} send JSON labelled as a form, and
     * the form decoder must not give up on a body the API accepts (Vert.x buffers only 1 KB of a form by default).
     */
    public static io.vertx.core.http.HttpServerOptions serverOptions() {
        return new io.vertx.core.http.HttpServerOptions().setMaxFormAttributeSize(AlertApi.MAX_BODY)
                .setMaxFormBufferedBytes(AlertApi.MAX_BODY);
    }

    public Router router() {
        Router root = Router.router(vertx);
        root.get("/health").handler(this::health);
        root.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(prometheus.get()));
        Router api = Router.router(vertx);
        this.api = api;
        api.get("/openapi.json").handler(this::openApi);
        // the multipart check is a route of its own: Vert.x runs a body handler only first on its route
        api.post("/login").handler(ApiRouter::refuseMultipart);
        api.post("/login").handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::login);
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
        api.get("/sites").handler(this::sites);
        api.get("/sites/:site").handler(this::site);
        api.get("/devices").handler(this::devices);
        api.get("/devices/:device").handler(this::device);
        api.get("/devices/:device/series").handler(this::series);
        api.get("/devices/:device/snapshot.jpg").handler(this::snapshot);
        alerts.mount(api);
        api.get("/kpis").handler(kpis::kpis);
        api.get("/evidence/:name").handler(this::evidence);
        api.get("/live").handler(live::handle);
        api.get("/unregistered-sources").handler(this::unregisteredSources);
        root.route("/api/v1/*").subRouter(api);
        root.route("/api/*").handler(ctx -> { throw ApiException.notFound("no such endpoint", ctx.request().method() + " " + ctx.request().path()); });
        root.route().failureHandler(this::failure);
        return root;
    }

    /** 200 {@code UP} only while data is being stored; 503 {@code DEGRADED} with the reasons otherwise. */
    private void health(RoutingContext ctx) {
        IngestHealth ingest = health.ingest().get();
        vertx.executeBlocking(health.store()::ping, false).onComplete(ar -> {
            boolean storeAnswers = ar.succeeded() && Boolean.TRUE.equals(ar.result());
            List<String> problems = new ArrayList<>(ingest.problems());
            if (!storeAnswers) {
                problems.add(0, "store not answering: " + health.store().describe());
            }
            boolean storeUp = storeAnswers && ingest.storeWritable();
            JsonObject body = new JsonObject()
                    .put("status", problems.isEmpty() ? "UP" : "DEGRADED")
                    .put("reasons", new JsonArray(problems))
                    .put("components", new JsonObject()
                            .put("mqtt", new JsonObject().put("status", ingest.subscribed() ? "UP" : "DOWN").put("broker", health.brokerName()))
                            .put("store", new JsonObject().put("status", storeUp ? "UP" : "DOWN").put("store", health.store().describe()))
                            .put("backlog", new JsonObject().put("messages", ingest.backlogDepth())
                                    .put("age_ms", ingest.backlogAge().toMillis())
                                    .put("behind_broker_ms", ingest.behindBroker().toMillis())
                                    .put("age_limit_ms", IngestHealth.BACKLOG_AGE_LIMIT.toMillis())));
            json(ctx, problems.isEmpty() ? 200 : 503, body);
        });
    }

    /** {@code POST /api/v1/login {"username", "password"}}: a bearer token for a person. */
    private void login(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            throw ApiException.badRequest("invalid body", "send {\"username\": \"...\", \"password\": \"...\"}");
        }
        if (body == null || !(body.getValue("username") instanceof String name) || !(body.getValue("password") instanceof String password)) {
            throw ApiException.badRequest("invalid body", "send {\"username\": \"...\", \"password\": \"...\"}");
        }
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        java.util.OptionalLong blocked = loginThrottle.blockedFor(address, name, System.currentTimeMillis());
        if (blocked.isEmpty() && loginsInFlight.incrementAndGet() > MAX_LOGINS_IN_FLIGHT) {
            // a burst would all pass the check above before any failure is counted, and each costs a PBKDF2 on a worker
            loginsInFlight.decrementAndGet();
            loginThrottled.increment();
            ctx.response().putHeader("Retry-After", "1");
            json(ctx, 429, error("too many logins at once", "try again in 1 s"));
            return;
        } else if (blocked.isEmpty()) {
            ctx.addEndHandler(v -> loginsInFlight.decrementAndGet());
        }
        if (blocked.isPresent()) {
            loginThrottled.increment();
            long seconds = Math.max(1, (blocked.getAsLong() + 999) / 1000);
            ctx.response().putHeader("Retry-After", String.valueOf(seconds));
            json(ctx, 429, error("too many failed logins", "try again in " + seconds + " s"));
            return;
        }
        vertx.executeBlocking(() -> users.login(name, password.toCharArray()), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                loginThrottle.failed(address, name, System.currentTimeMillis());
                loginFailures.increment();
                json(ctx, 401, error("unauthorized", "wrong username or password"));
            } else {
                Caller c = ar.result().get();
                json(ctx, 200, new JsonObject().put("token", tokens.issue(c, LOGIN_VALIDITY)).put("username", c.name())
                        .put("role", c.role().wireName()).put("scope", c.scope()).put("expires_in", LOGIN_VALIDITY.toSeconds()));
            }
        });
    }

    /** The API description, kept in step with the routes by ApiRouterTest. */
    private void openApi(RoutingContext ctx) {
        if (openApi == null) {
            try (var in = ApiRouter.class.getResourceAsStream("/api/openapi.json")) {
                openApi = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException | NullPointerException e) {
                throw new IllegalStateException("openapi.json is missing from the jar", e);
            }
        }
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(openApi);
    }

    /** Method and path (OpenAPI style, {@code /api/v1/...{param}}) of every route under /api/v1. */
    java.util.Set<String> apiRoutes() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (io.vertx.ext.web.Route r : api.getRoutes()) {
            if (r.getPath() == null || r.methods() == null) {
                continue;
            }
            String path = "/api/v1" + r.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
            r.methods().forEach(m -> out.add(m.name().toLowerCase(java.util.Locale.ROOT) + " " + path));
        }
        return out;
    }

    static Caller caller(RoutingContext ctx) {
        return Tokens.caller(ctx.user()).orElseThrow(() -> ApiException.unauthorized("the token names no known role"));
    }

    private void sites(RoutingContext ctx) {
        Caller caller = caller(ctx);
        String region = ctx.queryParams().get("region");
        if (region != null && registry.region(QueryParams.id(region, "region")).isEmpty()) {
            throw ApiException.notFound("unknown region", region);
        }
        long now = tracker.judgementTime();
        Map<String, List<Alert>> unclosed = alertBoard.alerts().stream()
                .filter(a -> a.state() != AlertState.CLOSED)
                .collect(Collectors.groupingBy(Alert::site));
        JsonArray out = new JsonArray();
        for (Site s : region == null ? registry.sites() : registry.sitesIn(region)) {
            if (caller.sees(s, registry)) {
                out.add(views.site(s, devicesAt(s.id()), unclosed.getOrDefault(s.id(), List.of()), now));
            }
        }
        json(ctx, 200, out);
    }

    private void site(RoutingContext ctx) {
        String id = QueryParams.id(ctx.pathParam("site"), "site");
        Site site = registry.site(id).filter(s -> caller(ctx).sees(s, registry))
                .orElseThrow(() -> ApiException.notFound("unknown site", id));
        long now = tracker.judgementTime();
        List<DeviceStatus> devices = devicesAt(id);
        JsonArray list = new JsonArray();
        devices.forEach(d -> list.add(views.device(d, now)));
        List<Alert> unclosed = alertBoard.alerts().stream()
                .filter(a -> a.site().equals(id) && a.state() != AlertState.CLOSED).toList();
        json(ctx, 200, views.site(site, devices, unclosed, now).put("device_list", list));
    }

    private List<DeviceStatus> devicesAt(String site) {
        return tracker.all().stream().filter(d -> d.site().equals(site))
                .sorted(Comparator.comparing(DeviceStatus::device)).toList();
    }

    private void devices(RoutingContext ctx) {
        String site = ctx.queryParams().get("site");
        if (site != null) {
            QueryParams.id(site, "site");
        }
        Caller caller = caller(ctx);
        long now = tracker.judgementTime();
        JsonArray out = new JsonArray();
        tracker.all().stream().filter(d -> site == null || d.site().equals(site))
                .filter(d -> caller.seesSite(d.site(), registry))
                .sorted(Comparator.comparing(DeviceStatus::device))
                .forEach(d -> out.add(views.device(d, now)));
        json(ctx, 200, out);
    }

    private DeviceStatus knownDevice(RoutingContext ctx) {
        String id = QueryParams.id(ctx.pathParam("device"), "device");
        Caller caller = caller(ctx);
        return tracker.get(id).filter(d -> caller.seesSite(d.site(), registry))
                .orElseThrow(() -> ApiException.notFound("unknown device", id));
    }

    private void device(RoutingContext ctx) {
        long now = tracker.judgementTime(); // before the status, so a message recorded since cannot look late
        json(ctx, 200, views.device(knownDevice(ctx), now));
    }

    private void series(RoutingContext ctx) {
        DeviceStatus device = knownDevice(ctx);
        var q = ctx.queryParams();
        String field = QueryParams.field(q.get("field"));
        long now = System.currentTimeMillis();
        long to = QueryParams.time(q.get("to"), "to", now);
        long from = QueryParams.time(q.get("from"), "from", to - DEFAULT_SERIES_SPAN_MS);
        if (from >= to) {
            throw ApiException.badRequest("empty time range", "from must be before to");
        }
        if (to - from > MAX_SERIES_SPAN_MS) {
            throw ApiException.badRequest("time range too long", "at most 400 days per request");
        }
        long step = q.get("step") == null ? autoStep(to - from) : QueryParams.step(q.get("step"));
        if ((to - from) / step > MAX_SERIES_POINTS) {
            throw ApiException.badRequest("too many points", "(to - from) / step must be at most " + MAX_SERIES_POINTS + "; use a larger step");
        }
        vertx.executeBlocking(() -> store.series(device.device(), field, from, to, step), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            JsonArray points = new JsonArray();
            for (SeriesPoint p : ar.result()) {
                points.add(new JsonObject().put("t", p.t()).put("value", p.value()));
            }
            json(ctx, 200, points);
        });
    }

    /**
     * The API reads JSON (or JSON labelled as a form, as {@code curl -d} sends it); a multipart body is refused before
     * anything of it is read, and no handler ever stores uploaded files (Vert.x would write them to file-uploads/).
     */
    static void refuseMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            throw ApiException.unsupportedMediaType("send JSON, e.g. {\"note\": \"...\"}");
        }
        ctx.next();
    }

    /** {@code GET /api/v1/unregistered-sources}: for admins, who alone can register what they see there. */
    private void unregisteredSources(RoutingContext ctx) {
        if (caller(ctx).role() != io.kitchenwatch.dashboards.auth.Role.ADMIN) {
            throw ApiException.forbidden("only an admin sees the sources the registry does not list");
        }
        JsonArray notices = new JsonArray();
        unregistered.notices().forEach(n -> notices.add(n.toJson()));
        json(ctx, 200, new JsonObject().put("notices", notices).put("tracked_ids", unregistered.trackedIds())
                .put("max_tracked_ids", UnregisteredSources.MAX_IDS).put("untracked_ids", unregistered.untrackedIds()));
    }

    private static boolean isFormDecodingFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("io.netty.handler.codec.http.multipart.")) {
                return true;
            }
        }
        return false;
    }

    /** About 500 points over the range, in whole seconds. */
    static long autoStep(long spanMs) {
        long raw = Math.max(1_000, spanMs / AUTO_STEP_POINTS);
        return (raw + 999) / 1000 * 1000;
    }

    private void snapshot(RoutingContext ctx) {
        DeviceStatus device = knownDevice(ctx);
        sendJpeg(ctx, () -> snapshots.latest(device.device()), "no-store",
                () -> ApiException.notFound("no snapshot", device.device() + " has not sent a frame"));
    }

    /** Looks the file up on a worker (a disk stat is still I/O) and streams it without blocking the event loop. */
    private void sendJpeg(RoutingContext ctx, java.util.concurrent.Callable<java.util.Optional<java.nio.file.Path>> lookup,
                          String cacheControl, Supplier<ApiException> missing) {
        vertx.executeBlocking(lookup, false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                ctx.fail(missing.get());
            } else {
                ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", cacheControl)
                        .sendFile(ar.result().get().toString()).onFailure(ctx::fail);
            }
        });
    }

    /** An evidence snapshot linked from an alert. */
    private void evidence(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        int dash = name == null ? -1 : name.lastIndexOf('-');
        String device = dash > 0 ? name.substring(0, dash) : "";
        Caller caller = caller(ctx);
        if (tracker.get(device).filter(d -> caller.seesSite(d.site(), registry)).isEmpty()) {
            throw ApiException.notFound("no such evidence", String.valueOf(name));
        }
        sendJpeg(ctx, () -> evidence.file(name), "private, max-age=86400",
                () -> ApiException.notFound("no such evidence", String.valueOf(name)));
    }

    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().headWritten()) {
            ctx.request().connection().close();
            return;
        }
        if (failure instanceof ApiException e) {
            json(ctx, e.status(), error(e.getMessage(), e.detail()));
        } else if (failure instanceof io.vertx.ext.web.handler.HttpException e && e.getStatusCode() == 401
                || failure == null && ctx.statusCode() == 401) {
            json(ctx, 401, error("unauthorized", "send Authorization: Bearer <token> (POST /api/v1/login gives one)"));
        } else if (failure instanceof io.vertx.ext.web.handler.HttpException e && e.getStatusCode() < 500) {
            json(ctx, e.getStatusCode(), error("bad request", String.valueOf(e.getPayload() != null ? e.getPayload() : e.getMessage())));
        } else if (failure instanceof IllegalArgumentException) {
            // a value the handlers did not check themselves: say so, not what the library said (it may name paths)
            json(ctx, 400, error("bad request", "a parameter or the body has a value this request does not take"));
        } else if (failure == null) {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            json(ctx, status, error(status == 404 ? "not found" : "request failed", ctx.request().path()));
        } else {
            if (isFormDecodingFailure(failure)) {
                json(ctx, 400, error("invalid body", "the body could not be read as a form; send JSON with Content-Type: application/json"));
                return;
            }
            // the cause stays in the log: its message may carry a query or a path, nothing a caller should see
            String reference = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
            LOG.error("request {} {} failed (reference {})", ctx.request().method(), ctx.request().path(), reference, failure);
            json(ctx, 500, error("server error", "the request failed on the server; the node's log has the cause under reference " + reference));
        }
    }

}
