package io.kitchenwatch.dashboards.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** How the API answers: JSON bodies, and errors shaped {@code {"error", "detail"}}. */
final class Responses {
    private Responses() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
    }

    static JsonObject error(String error, String detail) {
        return new JsonObject().put("error", error).put("detail", detail);
    }
}
