package io.kitchenwatch.dashboards.api;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

import static io.kitchenwatch.dashboards.api.Responses.error;
import static io.kitchenwatch.dashboards.api.Responses.json;

/** Turns every failure into a JSON error: 4xx with a message for the caller, 500 with a log reference only. */
final class ApiFailures {
    private static final Logger LOG = LoggerFactory.getLogger(ApiFailures.class);

    private ApiFailures() {
    }

    static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().headWritten()) {
            ctx.request().connection().close();
            return;
        }
        if (failure instanceof ApiException e) {
            json(ctx, e.status(), error(e.getMessage(), e.detail()));
        } else if (failure instanceof HttpException e && e.getStatusCode() == 401 || failure == null && ctx.statusCode() == 401) {
            json(ctx, 401, error("unauthorized", "send Authorization: Bearer <token> (POST /api/v1/login gives one)"));
        } else if (failure instanceof HttpException e && e.getStatusCode() < 500) {
            json(ctx, e.getStatusCode(), error("bad request", String.valueOf(e.getPayload() != null ? e.getPayload() : e.getMessage())));
        } else if (failure instanceof IllegalArgumentException) {
            // a value the handlers did not check themselves: say so, not what the library said (it may name paths)
            json(ctx, 400, error("bad request", "a parameter or the body has a value this request does not take"));
        } else if (failure == null) {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            json(ctx, status, error(status == 404 ? "not found" : "request failed", ctx.request().path()));
        } else if (isFormDecodingFailure(failure)) {
            json(ctx, 400, error("invalid body", "the body could not be read as a form; send JSON with Content-Type: application/json"));
        } else {
            // the cause stays in the log: its message may carry a query or a path, nothing a caller should see
            String reference = Long.toHexString(ThreadLocalRandom.current().nextLong());
            LOG.error("request {} {} failed (reference {})", ctx.request().method(), ctx.request().path(), reference, failure);
            json(ctx, 500, error("server error", "the request failed on the server; the node's log has the cause under reference " + reference));
        }
    }

    private static boolean isFormDecodingFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("io.netty.handler.codec.http.multipart.")) {
                return true;
            }
        }
        return false;
    }
}
