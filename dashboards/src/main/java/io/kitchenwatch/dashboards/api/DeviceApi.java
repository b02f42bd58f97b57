package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.analytics.runtime.EvidenceStore;
import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.pipeline.SnapshotStore;
import io.kitchenwatch.ingest.status.DeviceStatus;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.SeriesPoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static io.kitchenwatch.dashboards.api.Responses.json;

/**
 * {@code GET /api/v1/devices}, {@code /devices/{device}}, its {@code /series}, its newest {@code /snapshot.jpg} and the
 * {@code /evidence/{name}} pictures behind camera alerts: devices in the caller's scope.
 */
final class DeviceApi {
    static final long MAX_SERIES_POINTS = 10_000;
    static final long MAX_SERIES_SPAN_MS = Duration.ofDays(400).toMillis();
    static final long DEFAULT_SERIES_SPAN_MS = Duration.ofHours(24).toMillis();
    static final long AUTO_STEP_POINTS = 500;
    private final Vertx vertx;
    private final Registry registry;
    private final DeviceStatusTracker tracker;
    private final TimeSeriesStore store;
    private final SnapshotStore snapshots;
    private final EvidenceStore evidence;
    private final DeviceViews views;

    DeviceApi(Vertx vertx, Registry registry, DeviceStatusTracker tracker, TimeSeriesStore store, SnapshotStore snapshots,
              EvidenceStore evidence) {
        this.vertx = vertx;
        this.registry = registry;
        this.tracker = tracker;
        this.store = store;
        this.snapshots = snapshots;
        this.evidence = evidence;
        this.views = new DeviceViews(registry);
    }

    void mount(Router api) {
        api.get("/devices").handler(this::devices);
        api.get("/devices/:device").handler(this::device);
        api.get("/devices/:device/series").handler(this::series);
        api.get("/devices/:device/snapshot.jpg").handler(this::snapshot);
        api.get("/evidence/:name").handler(this::evidence);
    }

    private void devices(RoutingContext ctx) {
        String site = ctx.queryParams().get("site");
        if (site != null) {
            QueryParams.id(site, "site");
        }
        Page page = Page.of(ctx.queryParams());
        Caller caller = ApiRouter.caller(ctx);
        long now = tracker.judgementTime();
        List<DeviceStatus> visible = new ArrayList<>();
        if (site != null) {
            if (caller.seesSite(site, registry)) {
                visible.addAll(tracker.atSite(site));
            }
        } else {
            caller.sites(registry).forEach(s -> visible.addAll(tracker.atSite(s.id())));
            if (caller.role() == Role.ADMIN) { // ids heard under sites the registry does not know
                tracker.strangers().stream().filter(d -> registry.site(d.site()).isEmpty()).forEach(visible::add);
            }
        }
        JsonArray out = new JsonArray();
        page.of(visible).forEach(d -> out.add(views.device(d, now)));
        page.describe(ctx, visible.size());
        json(ctx, 200, out);
    }

    private DeviceStatus knownDevice(RoutingContext ctx) {
        String id = QueryParams.id(ctx.pathParam("device"), "device");
        Caller caller = ApiRouter.caller(ctx);
        return tracker.get(id).filter(d -> caller.seesSite(d.site(), registry))
                .orElseThrow(() -> ApiException.notFound("unknown device", id));
    }

    private void device(RoutingContext ctx) {
        long now = tracker.judgementTime(); // before the status, so a message recorded since cannot look late
        json(ctx, 200, views.device(knownDevice(ctx), now));
    }

    private void series(RoutingContext ctx) {
        DeviceStatus device = knownDevice(ctx);
        MultiMap q = ctx.queryParams();
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

    /** An evidence snapshot linked from an alert. */
    private void evidence(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        int dash = name == null ? -1 : name.lastIndexOf('-');
        String device = dash > 0 ? name.substring(0, dash) : "";
        Caller caller = ApiRouter.caller(ctx);
        if (tracker.get(device).filter(d -> caller.seesSite(d.site(), registry)).isEmpty()) {
            throw ApiException.notFound("no such evidence", String.valueOf(name));
        }
        sendJpeg(ctx, () -> evidence.file(name), "private, max-age=86400",
                () -> ApiException.notFound("no such evidence", String.valueOf(name)));
    }

    /** Looks the file up on a worker (a disk stat is still I/O) and streams it without blocking the event loop. */
    private void sendJpeg(RoutingContext ctx, Callable<Optional<Path>> lookup, String cacheControl, Supplier<ApiException> missing) {
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
}
