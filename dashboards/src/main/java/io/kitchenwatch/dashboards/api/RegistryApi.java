package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.analytics.camera.Roi;
import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.devices.identity.CredentialKind;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.identity.IssuedCredential;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.RegistryChangeLog;
import io.kitchenwatch.devices.registry.RegistryChanges;
import io.kitchenwatch.devices.registry.RegistryProblem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

import static io.kitchenwatch.dashboards.api.Responses.json;

/**
 * Admins manage the registry without editing its file or restarting: {@code GET /api/v1/registry} (the registry in
 * the file's form) and {@code /registry/{regions|organizations|sites|devices}.csv}; {@code POST /registry/changes}
 * ({@code {"changes": [...], "dry_run": true|false}}) and {@code POST /registry/import?type=...&dry_run=...} (a CSV
 * file), both checked as strictly as the file with every problem listed and placed (item, field; line and column of a
 * CSV), applied at once and recorded with who and when; {@code GET /registry/audit} (every accepted set, newest
 * first); {@code POST /registry/credentials} (MQTT logins for registered devices, shown once). Retiring a device
 * revokes its MQTT login.
 */
final class RegistryApi {
    /** A province's whole registry fits (about 15 MB); a bulk import of one is a single request. */
    static final long MAX_BODY = 64L * 1024 * 1024;
    private final Vertx vertx;
    private final Registry registry;
    private final RegistryChangeLog log;
    private final CredentialStore logins;

    RegistryApi(Vertx vertx, Registry registry, RegistryFiles files) {
        this.vertx = vertx;
        this.registry = registry;
        this.log = files.changes();
        this.logins = files.logins();
    }

    void mount(Router api) {
        api.get("/registry").handler(ctx -> {
            admin(ctx);
            answer(ctx, registry::document, false, doc -> 200);
        });
        api.get("/registry/audit").handler(this::audit);
        api.get("/registry/:file").handler(this::exportCsv);
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        api.post("/registry/changes").handler(bodies).handler(this::change);
        api.post("/registry/import").handler(bodies).handler(this::importCsv);
        api.post("/registry/credentials").handler(BodyHandler.create(false).setBodyLimit(1024 * 1024)).handler(this::issueLogins);
    }

    private static Caller admin(RoutingContext ctx) {
        Caller caller = ApiRouter.caller(ctx);
        if (caller.role() != Role.ADMIN) {
            throw ApiException.forbidden("only an admin manages the registry");
        }
        return caller;
    }

    private void change(RoutingContext ctx) {
        Caller caller = admin(ctx);
        JsonObject body = AlertApi.body(ctx);
        if (!(body.getValue("changes") instanceof JsonArray changes) || changes.isEmpty()) {
            throw ApiException.badRequest("invalid body", "the body must be {\"changes\": [{\"op\": \"put\"|\"retire\", \"type\": ..., ...}], \"dry_run\": false}");
        }
        boolean dryRun = Boolean.TRUE.equals(body.getValue("dry_run"));
        // a province's registry takes a second or two to check; one change at a time, so none is lost to another
        answer(ctx, () -> apply(changes, dryRun, caller.name(), null), true, RegistryApi::status);
    }

    private void exportCsv(RoutingContext ctx) {
        admin(ctx);
        String type = RegistryCsv.typeOfFile(ctx.pathParam("file"));
        if (type == null) {
            throw ApiException.notFound("not found", "the registry's CSV files are regions.csv, organizations.csv, sites.csv and devices.csv");
        }
        vertx.executeBlocking(() -> RegistryCsv.export(registry.document(), type), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("file") + "\"")
                    .end(ar.result());
        });
    }

    private void importCsv(RoutingContext ctx) {
        Caller caller = admin(ctx);
        String type = ctx.queryParams().get("type");
        if (type == null || !RegistryCsv.COLUMNS.containsKey(type)) {
            throw ApiException.badRequest("invalid type", "type must be region, organization, site or device (the rows of the CSV body)");
        }
        String dry = ctx.queryParams().get("dry_run");
        if (dry != null && !dry.equals("true") && !dry.equals("false")) {
            throw ApiException.badRequest("invalid dry_run", "dry_run must be true or false");
        }
        ApiException empty = ApiException.badRequest("invalid body", "the body must be a CSV file whose first line names the columns: "
                + String.join(",", RegistryCsv.COLUMNS.get(type)));
        if (ctx.body().buffer() == null || ctx.body().buffer().length() == 0) {
            throw empty;
        }
        byte[] bytes = ctx.body().buffer().getBytes();
        answer(ctx, () -> {
            // up to 64 MB to decode and read: on the worker, not the event loop
            String text = RegistryCsv.text(bytes);
            if (text.isBlank()) {
                throw empty;
            }
            RegistryCsv.Read read = RegistryCsv.read(type, text);
            if (!read.problems().isEmpty()) {
                return refused("true".equals(dry), read.problems());
            }
            if (read.changes().isEmpty()) {
                return refused("true".equals(dry), List.of(RegistryCsv.problem("the file has a header and no rows", null, null)));
            }
            return apply(read.changes(), "true".equals(dry), caller.name(), read);
        }, true, RegistryApi::status);
    }

    private static int status(JsonObject answer) {
        return answer.getJsonArray("problems").isEmpty() ? 200 : 422;
    }

    private static JsonObject refused(boolean dryRun, List<JsonObject> errors) {
        JsonArray problems = new JsonArray();
        errors.forEach(e -> problems.add(sentence(e)));
        return new JsonObject().put("dry_run", dryRun).put("applied", false).put("problems", problems).put("errors", new JsonArray(errors));
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

    /** Checks {@code changes} and applies them unless told not to; {@code csv} places problems at its lines. */
    private JsonObject apply(JsonArray changes, boolean dryRun, String by, RegistryCsv.Read csv) {
        RegistryChanges.Outcome outcome = RegistryChanges.apply(registry, changes);
        List<RegistryProblem> problems = new ArrayList<>(outcome.details());
        if (outcome.ok()) {
            problems.addAll(analyticsProblems(outcome.registry()));
        }
        boolean applied = problems.isEmpty() && !dryRun;
        if (applied) {
            Set<String> before = deviceIds(registry);
            log.append(new RegistryChangeLog.Entry(System.currentTimeMillis(), by, changes));
            registry.replaceWith(outcome.registry());
            before.removeAll(deviceIds(registry));
            before.forEach(logins::revoke);
        }
        JsonArray messages = new JsonArray();
        JsonArray errors = new JsonArray();
        for (RegistryProblem p : problems) {
            JsonObject error = placed(p, csv);
            errors.add(error);
            messages.add(sentence(error));
        }
        JsonObject answer = new JsonObject().put("dry_run", dryRun).put("applied", applied).put("problems", messages).put("errors", errors);
        if (problems.isEmpty()) {
            Registry result = outcome.registry();
            answer.put("registry", new JsonObject().put("regions", result.regions().size()).put("organizations", result.organizations().size())
                    .put("sites", result.sites().size()).put("devices", result.devices().size()));
        }
        return answer;
    }

    /** What the analytics would refuse of a registry the loader took: rule overrides, camera regions. */
    private static List<RegistryProblem> analyticsProblems(Registry changed) {
        List<RegistryProblem> out = new ArrayList<>();
        try {
            new ThresholdsCatalog(changed, Thresholds.DEFAULTS);
        } catch (IllegalArgumentException e) {
            out.add(new RegistryProblem(e.getMessage(), null, null, null, -1, "rules"));
        }
        for (RegisteredDevice d : changed.devices()) {
            try {
                Roi.of(d.settings());
            } catch (IllegalArgumentException e) {
                out.add(new RegistryProblem("device '" + d.id() + "' of site '" + d.site() + "': " + e.getMessage(), "device", d.id(),
                        d.site(), -1, "settings"));
            }
        }
        return out;
    }

    /** A placed problem as one line of {@code problems}: with its CSV line first when it has one. */
    private static String sentence(JsonObject error) {
        Integer line = error.getInteger("line");
        return line == null ? error.getString("message") : "line " + line + ": " + error.getString("message");
    }

    private static JsonObject placed(RegistryProblem p, RegistryCsv.Read csv) {
        JsonObject error = new JsonObject().put("message", p.message());
        if (p.type() != null) {
            error.put("type", p.type());
        }
        if (p.id() != null) {
            error.put("id", p.id());
        }
        if (p.site() != null) {
            error.put("site", p.site());
        }
        if (p.position() >= 0) {
            error.put("position", p.position());
        }
        if (p.field() != null) {
            error.put("field", p.field());
        }
        if (p.change() >= 0) {
            error.put("change", p.change());
            if (csv != null) {
                error.put("line", csv.lines().get(p.change()));
                String type = csv.changes().getJsonObject(p.change()).getString("type");
                if (p.field() != null && type.equals(p.type()) && RegistryCsv.COLUMNS.get(type).contains(p.field())) {
                    error.put("column", p.field());
                }
            }
        }
        return error;
    }

    private static Set<String> deviceIds(Registry r) {
        Set<String> ids = new HashSet<>();
        r.devices().forEach(d -> ids.add(d.id()));
        return ids;
    }

    /** MQTT logins for registered devices: {@code {"devices": [ids]}}; each replaces the device's earlier login. */
    private void issueLogins(RoutingContext ctx) {
        admin(ctx);
        JsonObject body = AlertApi.body(ctx);
        if (!(body.getValue("devices") instanceof JsonArray ids) || ids.isEmpty() || ids.size() > 10_000) {
            throw ApiException.badRequest("invalid body", "the body must be {\"devices\": [\"device-id\", ...]} with 1 to 10000 ids");
        }
        Set<String> wanted = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (Object id : ids) {
            if (id instanceof String s && registry.device(s).isPresent()) {
                wanted.add(s);
            } else {
                problems.add("'" + id + "' is not a registered device");
            }
        }
        if (!problems.isEmpty()) {
            json(ctx, 422, new JsonObject().put("problems", new JsonArray(problems)));
            return;
        }
        ctx.response().putHeader("Cache-Control", "no-store");
        answer(ctx, () -> {
            JsonArray out = new JsonArray();
            for (IssuedCredential c : logins.issueAll(wanted, CredentialKind.DEVICE)) {
                out.add(new JsonObject().put("device", c.username()).put("username", c.username()).put("password", c.password())
                        .put("client_id", c.username()));
            }
            return new JsonObject().put("credentials", out)
                    .put("note", "shown this once; a device connects with client id = its id (or id:anything) and these; issuing again replaces the earlier password");
        }, true, issued -> 200);
    }

    private void audit(RoutingContext ctx) {
        admin(ctx);
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
