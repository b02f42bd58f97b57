package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.RegistryChangeLog;
import io.kitchenwatch.devices.registry.RegistryChanges;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

import static io.kitchenwatch.dashboards.api.Responses.json;

/**
 * Admins manage the registry without editing its file or restarting: {@code GET /api/v1/registry} (the registry in
 * the file's form), {@code POST /api/v1/registry/changes} ({@code {"changes": [...], "dry_run": true|false}}, checked
 * as strictly as the file, every problem listed; applied at once and recorded with who and when), and
 * {@code GET /api/v1/registry/audit} (every accepted set, newest first).
 */
final class RegistryApi {
    /** A province's whole registry fits (about 15 MB); a bulk import of one is a single request. */
    static final long MAX_BODY = 64L * 1024 * 1024;
    private final Vertx vertx;
    private final Registry registry;
    private final RegistryChangeLog log;

    RegistryApi(Vertx vertx, Registry registry, RegistryChangeLog log) {
        this.vertx = vertx;
        this.registry = registry;
        this.log = log;
    }

    void mount(Router api) {
        api.get("/registry").handler(ctx -> {
            admin(ctx, () -> null);
            answer(ctx, registry::document, false, doc -> 200);
        });
        api.post("/registry/changes").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::change);
        api.get("/registry/audit").handler(this::audit);
    }

    private static <T> T admin(RoutingContext ctx, java.util.function.Supplier<T> answer) {
        if (ApiRouter.caller(ctx).role() != Role.ADMIN) {
            throw ApiException.forbidden("only an admin manages the registry");
        }
        return answer.get();
    }

    private void change(RoutingContext ctx) {
        Caller caller = admin(ctx, () -> ApiRouter.caller(ctx));
        JsonObject body = AlertApi.body(ctx);
        if (!(body.getValue("changes") instanceof JsonArray changes) || changes.isEmpty()) {
            throw ApiException.badRequest("invalid body", "the body must be {\"changes\": [{\"op\": \"put\"|\"retire\", \"type\": ..., ...}], \"dry_run\": false}");
        }
        boolean dryRun = Boolean.TRUE.equals(body.getValue("dry_run"));
        // a province's registry takes a second or two to check; one change at a time, so none is lost to another
        answer(ctx, () -> apply(changes, dryRun, caller.name()), true, a -> a.getJsonArray("problems").isEmpty() ? 200 : 422);
    }

    /** Answers what {@code work} gives, worked out on a worker, with the status {@code status} says for it. */
    private void answer(RoutingContext ctx, Callable<JsonObject> work, boolean oneAtATime, ToIntFunction<JsonObject> status) {
        vertx.executeBlocking(work, oneAtATime).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            json(ctx, status.applyAsInt(ar.result()), ar.result());
        });
    }

    private JsonObject apply(JsonArray changes, boolean dryRun, String by) {
        RegistryChanges.Outcome outcome = RegistryChanges.apply(registry, changes);
        List<String> problems = new ArrayList<>(outcome.problems());
        if (outcome.ok()) {
            try {
                new ThresholdsCatalog(outcome.registry(), Thresholds.DEFAULTS); // rule overrides the analytics will use
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        boolean applied = problems.isEmpty() && !dryRun;
        if (applied) {
            log.append(new RegistryChangeLog.Entry(System.currentTimeMillis(), by, changes));
            registry.replaceWith(outcome.registry());
        }
        JsonObject answer = new JsonObject().put("dry_run", dryRun).put("applied", applied).put("problems", new JsonArray(problems));
        if (problems.isEmpty()) {
            Registry result = outcome.registry();
            answer.put("registry", new JsonObject().put("regions", result.regions().size()).put("organizations", result.organizations().size())
                    .put("sites", result.sites().size()).put("devices", result.devices().size()));
        }
        return answer;
    }

    private void audit(RoutingContext ctx) {
        admin(ctx, () -> null);
        answer(ctx, () -> {
            List<RegistryChangeLog.Entry> entries = log.entries();
            JsonArray out = new JsonArray();
            for (int i = entries.size() - 1; i >= 0; i--) {
                RegistryChangeLog.Entry e = entries.get(i);
                out.add(new JsonObject().put("at", e.at()).put("by", e.by()).put("changes", e.changes()));
            }
            return new JsonObject().put("changes", out);
        }, false, audit -> 200);
    }
}
