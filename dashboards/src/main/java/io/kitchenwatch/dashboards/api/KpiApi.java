package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.dashboards.reports.FactsGatherer;
import io.kitchenwatch.dashboards.reports.SiteFacts;
import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.analytics.kpi.Kpi;
import io.kitchenwatch.analytics.kpi.KpiCalculator;
import io.kitchenwatch.analytics.kpi.KpiFacts;
import io.kitchenwatch.devices.registry.Region;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.kitchenwatch.dashboards.api.Responses.json;

/** {@code GET /api/v1/kpis?region=&from=&to=}: the county plan's KPIs for a region and period (default: last 24 h). */
final class KpiApi {
    private final Vertx vertx;
    private final Registry registry;
    private final FactsGatherer gatherer;
    private final AlertBoard alertBoard;

    KpiApi(Vertx vertx, Registry registry, TimeSeriesStore store, AlertBoard alertBoard) {
        this.vertx = vertx;
        this.registry = registry;
        this.gatherer = new FactsGatherer(registry, store);
        this.alertBoard = alertBoard;
    }

    void kpis(RoutingContext ctx) {
        var q = ctx.queryParams();
        String regionId = q.get("region") == null ? null : QueryParams.id(q.get("region"), "region");
        Region region = regionId == null ? null
                : registry.region(regionId).orElseThrow(() -> ApiException.notFound("unknown region", regionId));
        long to = QueryParams.time(q.get("to"), "to", System.currentTimeMillis());
        long from = QueryParams.time(q.get("from"), "from", to - 86_400_000L);
        if (from >= to) {
            throw ApiException.badRequest("empty time range", "from must be before to");
        }
        Caller caller = ApiRouter.caller(ctx);
        List<Site> sites = region == null ? caller.sites(registry)
                : registry.sitesIn(region.id()).stream().filter(s -> caller.sees(s, registry)).toList();
        if (region != null && sites.isEmpty() && caller.role() != Role.ADMIN) {
            throw ApiException.notFound("unknown region", region.id());
        }
        // the figures cost what the scope holds (twenty thousand sites in a province): off the event loop, as the reads
        vertx.executeBlocking(() -> KpiCalculator.compute(facts(sites, from, to)), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            JsonArray list = new JsonArray();
            for (Kpi k : ar.result()) {
                list.add(toJson(k));
            }
            JsonObject body = new JsonObject()
                    .put("region", region == null ? null : new JsonObject().put("id", region.id()).put("name", region.name()))
                    .put("sites", sites.size())
                    .put("from", from)
                    .put("to", to)
                    .put("kpis", list);
            json(ctx, 200, body);
        });
    }

    private KpiFacts facts(List<Site> sites, long from, long to) throws StoreException {
        Set<String> siteIds = sites.stream().map(Site::id).collect(Collectors.toSet());
        List<SiteFacts> facts = gatherer.gather(sites, from, to, false, done -> { });
        List<Alert> alerts = alertBoard.alerts().stream().filter(a -> siteIds.contains(a.site())).toList();
        return SiteFacts.kpiFacts(facts, alerts, from, to);
    }

    private static JsonObject toJson(Kpi k) {
        JsonObject j = new JsonObject().put("id", k.id()).put("name", k.name())
                .put("value", k.value().isPresent() ? k.value().getAsDouble() : null)
                .put("numerator", k.numerator()).put("denominator", k.denominator())
                .put("target", k.target().isPresent() ? k.target().getAsDouble() : null)
                .put("meets_target", k.meetsTarget().orElse(null))
                .put("no_data", k.noData().orElse(null));
        if (k.id().equals("closed_loop")) {
            j.put("median_hours_to_close", k.extra().isPresent() ? k.extra().getAsDouble() : null);
        }
        return j;
    }
}
