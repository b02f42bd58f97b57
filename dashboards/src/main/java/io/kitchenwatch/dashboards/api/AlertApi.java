package io.kitchenwatch.dashboards.api;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Set;
import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertAction;
import io.kitchenwatch.analytics.alerts.AlertState;
import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.analytics.runtime.AlertCodec;
import io.kitchenwatch.devices.bus.AlertActionRequest;
import io.kitchenwatch.devices.bus.AlertChanged;
import io.kitchenwatch.devices.bus.BusAddresses;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.kitchenwatch.dashboards.api.Responses.error;
import static io.kitchenwatch.dashboards.api.Responses.json;

/** Alerts (list, one, the closed-loop actions) and disinfection batches. */
final class AlertApi {
    /** Analytics records a step once the store takes it: a store outage can hold it, but not a caller for ever. */
    private static final DeliveryOptions ACTION_WAIT = new DeliveryOptions().setSendTimeout(60_000);
    static final int MAX_NOTE = 2_000;
    static final int MAX_BODY = 16 * 1024;
    static final int MAX_BATCHES = 5_000;
    private final Vertx vertx;
    private final Registry registry;
    private final TimeSeriesStore store;
    private final AlertBoard alertBoard;

    AlertApi(Vertx vertx, Registry registry, TimeSeriesStore store, AlertBoard alertBoard) {
        this.vertx = vertx;
        this.registry = registry;
        this.store = store;
        this.alertBoard = alertBoard;
    }

    void mount(Router api) {
        api.get("/alerts").handler(this::list);
        api.get("/alerts/:id").handler(this::one);
        api.post("/alerts/:id/:action").handler(ApiRouter::refuseMultipart);
        api.post("/alerts/:id/:action").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::act);
        api.get("/sites/:site/batches").handler(ctx -> newestFirst(ctx, TimeSeriesStore.BATCHES, Map.of(), "device"));
        api.get("/sites/:site/waste-ledger").handler(ctx -> newestFirst(ctx, TimeSeriesStore.EVENTS, Map.of("type", "collected"), "device"));
    }

    private void list(RoutingContext ctx) {
        var q = ctx.queryParams();
        Set<AlertState> states = q.get("state") == null ? EnumSet.allOf(AlertState.class) : states(q.get("state"));
        String site = q.get("site") == null ? null : QueryParams.id(q.get("site"), "site");
        String device = q.get("device") == null ? null : QueryParams.id(q.get("device"), "device");
        String type = q.get("type");
        long from = QueryParams.time(q.get("from"), "from", Long.MIN_VALUE);
        long to = QueryParams.time(q.get("to"), "to", Long.MAX_VALUE);
        Page page = Page.of(q);
        Caller caller = ApiRouter.caller(ctx);
        List<Alert> matching = alertBoard.alerts().stream()
                .filter(a -> site == null || a.site().equals(site))
                .filter(a -> device == null || a.device().equals(device))
                .filter(a -> states.contains(a.state()))
                .filter(a -> type == null || a.type().wireName().equals(type))
                .filter(a -> a.updated() >= from && a.opened() < to)
                .filter(a -> caller.seesSite(a.site(), registry))
                // a stable order (id last), so pages neither repeat nor skip an alert
                .sorted(Comparator.comparing(Alert::severity).thenComparing(Comparator.comparingLong(Alert::opened).reversed())
                        .thenComparing(Alert::id))
                .toList();
        JsonArray out = new JsonArray();
        page.of(matching).forEach(a -> out.add(AlertCodec.toJson(a)));
        page.describe(ctx, matching.size());
        json(ctx, 200, out);
    }

    /** {@code state=open} or a list such as {@code open,acknowledged,rectifying,verified} (everything not closed). */
    static Set<AlertState> states(String param) {
        Set<AlertState> out = EnumSet.noneOf(AlertState.class);
        for (String name : param.split(",", -1)) {
            out.add(Arrays.stream(AlertState.values()).filter(s -> s.wireName().equals(name.trim())).findFirst()
                    .orElseThrow(() -> ApiException.badRequest("invalid state",
                            "state must be one or more of open, acknowledged, rectifying, verified, closed, separated by commas")));
        }
        return out;
    }

    private void one(RoutingContext ctx) {
        String id = QueryParams.id(ctx.pathParam("id"), "alert id");
        json(ctx, 200, AlertCodec.toJson(alertInScope(ctx, id)));
    }

    private Alert alertInScope(RoutingContext ctx, String id) {
        Caller caller = ApiRouter.caller(ctx);
        return alertBoard.alert(id).filter(a -> caller.seesSite(a.site(), registry))
                .orElseThrow(() -> ApiException.notFound("unknown alert", id));
    }

    private void act(RoutingContext ctx) {
        String id = QueryParams.id(ctx.pathParam("id"), "alert id");
        AlertAction action = AlertAction.fromWire(ctx.pathParam("action")).orElseThrow(() ->
                ApiException.badRequest("unknown action", "action must be one of ack, rectify, verify, close"));
        alertInScope(ctx, id);
        Caller caller = ApiRouter.caller(ctx);
        if ((action == AlertAction.VERIFY || action == AlertAction.CLOSE) && !caller.role().mayVerify()) {
            throw ApiException.forbidden("only a regulator verifies and closes an alert; a " + caller.role().wireName()
                    + " acknowledges and rectifies");
        }
        JsonObject body = body(ctx);
        Object note = body.getValue("note", "");
        if (!(note instanceof String n) || n.length() > MAX_NOTE) {
            throw ApiException.badRequest("invalid note", "note must be a string of at most " + MAX_NOTE + " characters");
        }
        String b = caller.name();
        vertx.eventBus().<AlertChanged>request(BusAddresses.ALERT_ACTIONS, new AlertActionRequest(id, action.wireName(), b, n), ACTION_WAIT)
                .onSuccess(reply -> json(ctx, 200, reply.body().alert()))
                .onFailure(failure -> {
                    int code = failure instanceof ReplyException r ? r.failureCode() : 0;
                    if (failure instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT) {
                        // queued behind a store outage: it may still be applied, so say so rather than "failed"
                        json(ctx, 503, error("not confirmed yet", "the step is queued but not yet recorded; reload the alert before trying again"));
                    } else if (code == AlertActionRequest.ILLEGAL_STEP) {
                        json(ctx, 409, error("illegal transition", failure.getMessage()));
                    } else if (code == AlertActionRequest.NOT_FOUND) {
                        json(ctx, 404, error("unknown alert", id));
                    } else if (code == AlertActionRequest.UNAVAILABLE) {
                        json(ctx, 503, error("unavailable", failure.getMessage())); // busy, or (cluster mode) owned elsewhere
                    } else {
                        ctx.fail(failure);
                    }
                });
    }

    private static String example(RoutingContext ctx) {
        String path = ctx.request().path();
        return path.contains("/reports") ? "{\"scope\": \"region\", \"id\": \"tiantai\", \"period\": \"week\"}"
                : path.contains("/registry") ? "{\"changes\": [{\"op\": \"retire\", \"type\": \"device\", \"id\": \"...\"}], \"dry_run\": true}"
                : "{\"note\": \"...\"}";
    }

    /** The request's JSON object body; none is an empty object. */
    static JsonObject body(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw ApiException.badRequest("invalid body", "the body must be a JSON object, e.g. " + example(ctx));
        }
    }

    /**
     * Rows of a site's {@code measurement} with their payload JSON, newest first (default: the last 7 days): the
     * disinfection batches, or the waste ledger (every {@code collected} event: who, when, how much).
     */
    private void newestFirst(RoutingContext ctx, String measurement, Map<String, String> fixedTags, String filterTag) {
        String site = QueryParams.id(ctx.pathParam("site"), "site");
        if (registry.site(site).isEmpty() || !ApiRouter.caller(ctx).seesSite(site, registry)) {
            throw ApiException.notFound("unknown site", site);
        }
        var q = ctx.queryParams();
        long now = System.currentTimeMillis();
        long to = QueryParams.time(q.get("to"), "to", now + 1);
        long from = QueryParams.time(q.get("from"), "from", to - 7 * 86_400_000L);
        Map<String, String> tags = new HashMap<>(fixedTags);
        tags.put("site", site);
        if (q.get(filterTag) != null) {
            tags.put(filterTag, QueryParams.id(q.get(filterTag), filterTag));
        }
        vertx.executeBlocking(() -> store.payloads(measurement, tags, from, to, MAX_BATCHES).stream().map(JsonObject::new).toList(), false)
                .onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            List<JsonObject> rows = ar.result();
            JsonArray out = new JsonArray();
            for (int i = rows.size() - 1; i >= 0; i--) {
                out.add(rows.get(i));
            }
            json(ctx, 200, out);
        });
    }
}
