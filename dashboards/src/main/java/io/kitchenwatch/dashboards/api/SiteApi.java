package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertState;
import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;
import io.kitchenwatch.ingest.status.DeviceStatus;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static io.kitchenwatch.dashboards.api.Responses.json;

/** {@code GET /api/v1/sites} and {@code /sites/{site}}: sites in the caller's scope with device and alert counts. */
final class SiteApi {
    /** A search answers at most this many sites: a box that lists more has not been narrowed enough. */
    static final int MAX_FOUND = 50;
    private final Registry registry;
    private final DeviceStatusTracker tracker;
    private final AlertBoard alertBoard;
    private final DeviceViews views;
    private final ThresholdsCatalog thresholds;

    SiteApi(Registry registry, DeviceStatusTracker tracker, AlertBoard alertBoard) {
        this.registry = registry;
        this.tracker = tracker;
        this.alertBoard = alertBoard;
        this.views = new DeviceViews(registry);
        this.thresholds = new ThresholdsCatalog(registry, Thresholds.DEFAULTS);
    }

    void mount(Router api) {
        api.get("/sites").handler(this::sites);
        api.get("/sites/:site").handler(this::site);
    }

    private void sites(RoutingContext ctx) {
        Caller caller = ApiRouter.caller(ctx);
        String region = ctx.queryParams().get("region");
        if (region != null && registry.region(QueryParams.id(region, "region")).isEmpty()) {
            throw ApiException.notFound("unknown region", region);
        }
        String query = search(ctx.queryParams().get("q"));
        long now = tracker.judgementTime();
        Map<String, List<Alert>> unclosed = alertBoard.alerts().stream()
                .filter(a -> a.state() != AlertState.CLOSED)
                .collect(Collectors.groupingBy(Alert::site));
        JsonArray out = new JsonArray();
        for (Site s : region == null ? caller.sites(registry) : registry.sitesIn(region)) {
            if ((region == null || caller.sees(s, registry)) && (query == null || matches(s, query))) {
                out.add(views.site(s, tracker.atSite(s.id()), unclosed.getOrDefault(s.id(), List.of()), now));
                if (query != null && out.size() == MAX_FOUND) {
                    break;
                }
            }
        }
        json(ctx, 200, out);
    }

    /** {@code q}: a search box's text, lower-cased, or null when there is none. */
    private static String search(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.length() > 64) {
            throw ApiException.badRequest("invalid q", "q (text to find in site names and ids) is at most 64 characters");
        }
        return q.trim().toLowerCase(Locale.ROOT);
    }

    private static boolean matches(Site site, String query) {
        return site.id().toLowerCase(Locale.ROOT).contains(query) || site.name().toLowerCase(Locale.ROOT).contains(query);
    }

    private void site(RoutingContext ctx) {
        String id = QueryParams.id(ctx.pathParam("site"), "site");
        Site site = registry.site(id).filter(s -> ApiRouter.caller(ctx).sees(s, registry))
                .orElseThrow(() -> ApiException.notFound("unknown site", id));
        long now = tracker.judgementTime();
        List<DeviceStatus> devices = tracker.atSite(id);
        JsonArray list = new JsonArray();
        devices.forEach(d -> list.add(views.device(d, now)));
        List<Alert> unclosed = alertBoard.alerts().stream()
                .filter(a -> a.site().equals(id) && a.state() != AlertState.CLOSED).toList();
        // the limits the site's rules use (its region's and its own overrides): pages draw these, not constants
        JsonObject limits = new JsonObject(new LinkedHashMap<>(thresholds.forSite(id).byKey()));
        json(ctx, 200, views.site(site, devices, unclosed, now).put("device_list", list).put("thresholds", limits));
    }
}
