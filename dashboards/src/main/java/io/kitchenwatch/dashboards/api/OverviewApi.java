package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertState;
import io.kitchenwatch.analytics.alerts.Severity;
import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.devices.registry.Region;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;
import io.kitchenwatch.ingest.status.DeviceStatus;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.kitchenwatch.dashboards.api.Responses.json;

/**
 * {@code GET /api/v1/overview?region=}: a region as a regulator watches it, one level at a time: its totals, each
 * region directly below it as a group (sites, devices online, open alerts by severity, how many sites are in each
 * status and the worst), and the sites that lie in it but in none of those. A province's 20,000 sites become a
 * hundred county tiles; a click on one asks for that county.
 */
final class OverviewApi {
    /** A site's status, mildest first: the worst of a group is the greatest. */
    enum SiteStatus {
        OK, WARN, ALARM, DOWN;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Down when no device is online; alarm with a critical or major alert open; warn with a lesser one or a device offline. */
        static SiteStatus of(int devices, long online, Map<Severity, Integer> open) {
            if (devices > 0 && online == 0) {
                return DOWN;
            }
            if (open.getOrDefault(Severity.CRITICAL, 0) + open.getOrDefault(Severity.MAJOR, 0) > 0) {
                return ALARM;
            }
            return open.values().stream().mapToInt(Integer::intValue).sum() > 0 || online < devices ? WARN : OK;
        }
    }

    private final Vertx vertx;
    private final Registry registry;
    private final DeviceStatusTracker tracker;
    private final AlertBoard alertBoard;
    private final DeviceViews views;

    OverviewApi(Vertx vertx, Registry registry, DeviceStatusTracker tracker, AlertBoard alertBoard) {
        this.vertx = vertx;
        this.registry = registry;
        this.tracker = tracker;
        this.alertBoard = alertBoard;
        this.views = new DeviceViews(registry);
    }

    void mount(Router api) {
        api.get("/overview").handler(this::overview);
    }

    private void overview(RoutingContext ctx) {
        Caller caller = ApiRouter.caller(ctx);
        String asked = ctx.queryParams().get("region");
        Region region = asked == null ? home(caller) : registry.region(QueryParams.id(asked, "region"))
                .filter(r -> seesRegion(caller, r))
                .orElseThrow(() -> ApiException.notFound("unknown region", asked));
        // a province is 100,000 devices to judge: a worker's job, while the event loop goes on serving the live stream
        vertx.executeBlocking(() -> overview(caller, region), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            json(ctx, 200, ar.result());
        });
    }

    private JsonObject overview(Caller caller, Region region) {
        List<Site> sites = region == null ? caller.sites(registry)
                : registry.sitesIn(region.id()).stream().filter(s -> caller.sees(s, registry)).toList();
        long now = tracker.judgementTime();
        Map<String, Map<Severity, Integer>> open = openAlertsBySite(sites);
        // an organization's people watch a few kitchens of their own: those, not the regions around them
        boolean ownSites = region == null && (caller.role() == Role.CANTEEN || caller.role() == Role.COMPANY);
        List<Region> below = ownSites ? List.of() : region == null ? topRegionsIn(caller) : registry.regionsUnder(region.id());
        Map<String, Tally> groups = new HashMap<>();
        below.forEach(r -> groups.put(r.id(), new Tally()));
        Tally total = new Tally();
        JsonArray direct = new JsonArray();
        for (Site site : sites) {
            List<DeviceStatus> devices = tracker.atSite(site.id());
            long online = devices.stream().filter(d -> d.online(now)).count();
            Map<Severity, Integer> alerts = open.getOrDefault(site.id(), Map.of());
            SiteStatus status = SiteStatus.of(devices.size(), online, alerts);
            total.add(devices.size(), online, alerts, status);
            Tally group = groupOf(site, groups);
            if (group != null) {
                group.add(devices.size(), online, alerts, status);
            } else {
                List<Alert> unclosed = List.of(); // the card counts alerts by severity; the list itself is the alerts API's
                JsonObject view = views.site(site, devices, unclosed, now).put("open_alerts", alerts.values().stream().mapToInt(Integer::intValue).sum())
                        .put("open_alerts_by_severity", bySeverity(alerts)).put("status", status.wireName());
                direct.add(view);
            }
        }
        JsonArray groupList = new JsonArray();
        for (Region r : below) {
            Tally t = groups.get(r.id());
            if (t.sites > 0) {
                groupList.add(t.toJson().put("id", r.id()).put("name", r.name()));
            }
        }
        return new JsonObject()
                .put("region", region == null ? null : new JsonObject().put("id", region.id()).put("name", region.name()))
                .put("path", path(caller, region))
                .put("totals", total.toJson())
                .put("groups", groupList)
                .put("sites", direct);
    }

    /**
     * Where a caller starts: a regulator at their region; an admin at the top region when there is one (a county, a
     * province), else above them all; an organization's people at their own sites.
     */
    private Region home(Caller caller) {
        return switch (caller.role()) {
            case REGULATOR -> registry.region(caller.scope()).orElse(null);
            case ADMIN -> registry.topRegions().size() == 1 ? registry.topRegions().get(0) : null;
            case CANTEEN, COMPANY -> null;
        };
    }

    private boolean seesRegion(Caller caller, Region region) {
        return switch (caller.role()) {
            case ADMIN -> true;
            case REGULATOR -> registry.isWithin(region.id(), caller.scope());
            // an organization's people see a region's part that holds their sites, only those sites
            case CANTEEN, COMPANY -> registry.sitesOf(caller.scope()).stream().anyMatch(s -> registry.isIn(s, region.id()));
        };
    }

    /** Above every region: the top regions that hold a site the caller sees. */
    private List<Region> topRegionsIn(Caller caller) {
        return registry.topRegions().stream().filter(r -> seesRegion(caller, r)).toList();
    }

    /** The group of the region below that holds the site (walking up from its own region), or null if none does. */
    private Tally groupOf(Site site, Map<String, Tally> groups) {
        Set<String> seen = new HashSet<>();
        for (String r = site.region(); r != null && seen.add(r); r = registry.region(r).map(Region::parent).orElse(null)) {
            Tally group = groups.get(r);
            if (group != null) {
                return group;
            }
        }
        return null;
    }

    /** From the caller's top down to {@code region}: the breadcrumb a page shows. */
    private JsonArray path(Caller caller, Region region) {
        List<JsonObject> up = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Region r = region; r != null && seen.add(r.id()) && seesRegion(caller, r); r = r.parent() == null ? null : registry.region(r.parent()).orElse(null)) {
            up.add(0, new JsonObject().put("id", r.id()).put("name", r.name()));
            if (caller.role() == Role.REGULATOR && r.id().equals(caller.scope())) {
                break;
            }
        }
        return new JsonArray(up);
    }

    private Map<String, Map<Severity, Integer>> openAlertsBySite(List<Site> sites) {
        Set<String> ids = new HashSet<>();
        sites.forEach(s -> ids.add(s.id()));
        Map<String, Map<Severity, Integer>> out = new HashMap<>();
        for (Alert a : alertBoard.alerts()) {
            if (a.state() != AlertState.CLOSED && ids.contains(a.site())) {
                out.computeIfAbsent(a.site(), k -> new EnumMap<>(Severity.class)).merge(a.severity(), 1, Integer::sum);
            }
        }
        return out;
    }

    private static JsonObject bySeverity(Map<Severity, Integer> open) {
        JsonObject out = new JsonObject();
        for (Severity s : Severity.values()) {
            out.put(s.wireName(), open.getOrDefault(s, 0));
        }
        return out;
    }

    /** Counts over a group of sites. */
    private static final class Tally {
        int sites;
        long devices;
        long online;
        final Map<Severity, Integer> open = new EnumMap<>(Severity.class);
        final Map<SiteStatus, Integer> statuses = new EnumMap<>(SiteStatus.class);

        void add(int siteDevices, long siteOnline, Map<Severity, Integer> alerts, SiteStatus status) {
            sites++;
            devices += siteDevices;
            online += siteOnline;
            alerts.forEach((s, n) -> open.merge(s, n, Integer::sum));
            statuses.merge(status, 1, Integer::sum);
        }

        JsonObject toJson() {
            JsonObject byStatus = new JsonObject();
            SiteStatus worst = null;
            for (SiteStatus s : SiteStatus.values()) {
                int n = statuses.getOrDefault(s, 0);
                byStatus.put(s.wireName(), n);
                if (n > 0) {
                    worst = s;
                }
            }
            return new JsonObject().put("sites", sites).put("devices", devices).put("devices_online", online)
                    .put("open_alerts", open.values().stream().mapToInt(Integer::intValue).sum())
                    .put("open_alerts_by_severity", bySeverity(open)).put("sites_by_status", byStatus)
                    .put("worst", worst == null ? null : worst.wireName());
        }
    }
}
