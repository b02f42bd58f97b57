package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.devices.bus.BusAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.kitchenwatch.dashboards.api.Responses.json;

/** {@code GET /api/v1/unregistered-sources}: for admins, who alone can register what they see there. */
final class UnregisteredSourcesApi {
    private final Vertx vertx;

    UnregisteredSourcesApi(Vertx vertx) {
        this.vertx = vertx;
    }

    void mount(Router api) {
        api.get("/unregistered-sources").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        if (ApiRouter.caller(ctx).role() != Role.ADMIN) {
            throw ApiException.forbidden("only an admin sees the sources the registry does not list");
        }
        // ingest keeps the notices: asked over the bus
        vertx.eventBus().<JsonObject>request(BusAddresses.UNREGISTERED_SOURCES, "")
                .onSuccess(reply -> json(ctx, 200, reply.body()))
                .onFailure(ctx::fail);
    }
}
