package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.dashboards.reports.HtmlReport;
import io.kitchenwatch.dashboards.reports.ReportJobs;
import io.kitchenwatch.dashboards.reports.ReportPeriod;
import io.kitchenwatch.dashboards.reports.ReportScope;
import io.kitchenwatch.dashboards.reports.ReportStatus;
import io.kitchenwatch.devices.registry.Organization;
import io.kitchenwatch.devices.registry.Region;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static io.kitchenwatch.dashboards.api.Responses.json;

/**
 * {@code /api/v1/reports}: build a report for a scope and period (answered at once, built in the background with its
 * progress), list the reports a caller may read (their scope covers every site of the report, daily ones included),
 * and download a finished one as PDF, CSV zip or printable HTML.
 */
final class ReportApi {
    private static final long MAX_RANGE_MS = Duration.ofDays(400).toMillis();
    private static final Pattern REPORT_ID = Pattern.compile("[A-Za-z0-9_-]{1,120}");
    private final Registry registry;
    private final ReportJobs jobs;

    ReportApi(Registry registry, ReportJobs jobs) {
        this.registry = registry;
        this.jobs = jobs;
    }

    void mount(Router api) {
        api.get("/reports").handler(this::list);
        api.post("/reports").handler(ApiRouter::refuseMultipart);
        api.post("/reports").handler(BodyHandler.create(false).setBodyLimit(AlertApi.MAX_BODY)).handler(this::create);
        api.get("/reports/:id").handler(ctx -> json(ctx, 200, readable(ctx).toJson()));
        api.get("/reports/:id/:file").handler(this::download);
    }

    private void list(RoutingContext ctx) {
        Caller caller = ApiRouter.caller(ctx);
        Set<String> visible = visibleSites(caller);
        JsonArray out = new JsonArray();
        jobs.list().stream().filter(r -> readableBy(r, caller, visible)).forEach(r -> out.add(r.toJson()));
        json(ctx, 200, new JsonObject().put("reports", out));
    }

    private void create(RoutingContext ctx) {
        Caller caller = ApiRouter.caller(ctx);
        JsonObject body = AlertApi.body(ctx);
        ReportScope scope = scope(caller, text(body, "scope"), text(body, "id"));
        ReportPeriod period = period(body);
        try {
            ReportStatus status = jobs.submit(scope, period, caller.name(), caller.role().name());
            ctx.response().putHeader("Location", "/api/v1/reports/" + status.id());
            json(ctx, 202, status.toJson());
        } catch (ReportJobs.BusyException e) {
            ctx.response().putHeader("Retry-After", "60");
            throw ApiException.busy(e.getMessage());
        }
    }

    private void download(RoutingContext ctx) {
        ReportStatus status = readable(ctx);
        String file = ctx.pathParam("file");
        if (!ReportStatus.FILES.contains(file)) {
            throw ApiException.notFound("no such report file", "one of " + ReportStatus.FILES);
        }
        if (!status.done()) {
            throw ApiException.notFound("report not ready", "the report is " + status.state());
        }
        var path = jobs.path(status.id(), file);
        String name = "kitchenwatch-" + status.scopeId() + "-" + status.id() + file.substring("report".length());
        var response = ctx.response();
        switch (file) {
            case "report.pdf" -> response.putHeader("Content-Type", "application/pdf");
            case "report.csv.zip" -> response.putHeader("Content-Type", "application/zip");
            default -> response.putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Content-Security-Policy", HtmlReport.POLICY).putHeader("X-Frame-Options", "DENY");
        }
        String disposition = file.endsWith(".html") && ctx.queryParams().get("download") == null ? "inline" : "attachment";
        response.putHeader("Content-Disposition", disposition + "; filename=\"" + name + "\"")
                .putHeader("X-Content-Type-Options", "nosniff")
                .sendFile(path.toString()).onFailure(e -> {
                    if (!response.headWritten()) {
                        ctx.fail(ApiException.notFound("report file gone", "build the report again"));
                    }
                });
    }

    private ReportStatus readable(RoutingContext ctx) {
        Caller caller = ApiRouter.caller(ctx);
        String id = ctx.pathParam("id");
        if (!REPORT_ID.matcher(id).matches()) {
            throw ApiException.notFound("unknown report", id.length() > 40 ? id.substring(0, 40) + "..." : id);
        }
        return jobs.status(id).filter(r -> readableBy(r, caller, visibleSites(caller)))
                .orElseThrow(() -> ApiException.notFound("unknown report", id));
    }

    private Set<String> visibleSites(Caller caller) {
        Set<String> out = new HashSet<>();
        caller.sites(registry).forEach(s -> out.add(s.id()));
        return out;
    }

    /**
     * Admins read every report. Anyone else reads one whose every site is theirs to see, and only if they made it,
     * or it is a daily one and they are a regulator, or someone of their own role made it (two inspectors of a county
     * share theirs; a regulator's report on a canteen is not the canteen's to read).
     */
    private static boolean readableBy(ReportStatus r, Caller caller, Set<String> visible) {
        if (caller.role() == Role.ADMIN) {
            return true;
        }
        boolean inScope = !r.siteIds().isEmpty() && visible.containsAll(r.siteIds());
        boolean theirs = r.createdBy().equals(caller.name())
                || (r.scheduled() ? caller.role() == Role.REGULATOR : caller.role().name().equals(r.createdByRole()));
        return inScope && theirs;
    }

    /**
     * The scope asked for, checked against the caller's: without one, the caller's own (a regulator's region, a
     * canteen's or company's organization, everything for an admin). Out of scope answers 404, as for any id.
     */
    private ReportScope scope(Caller caller, String kind, String id) {
        if (kind == null) {
            if (id != null) {
                throw ApiException.badRequest("missing scope", "say what the id names: {\"scope\": \"region|organization|site\", \"id\": \"" + clip(id) + "\"}");
            }
            return switch (caller.role()) {
                case ADMIN -> new ReportScope("all", "all", "全部 All sites", registry.sites());
                case REGULATOR -> scope(caller, "region", caller.scope());
                case CANTEEN, COMPANY -> scope(caller, "organization", caller.scope());
            };
        }
        if (!List.of("region", "organization", "site").contains(kind)) {
            throw ApiException.badRequest("invalid scope", "scope is region, organization or site, not '" + clip(kind) + "'");
        }
        if (id == null) {
            throw ApiException.badRequest("missing id", "give the " + kind + "'s id, e.g. {\"scope\": \"" + kind + "\", \"id\": \"...\"}");
        }
        QueryParams.id(id, kind);
        ReportScope scope = switch (kind) {
            case "region" -> {
                Region r = registry.region(id).orElseThrow(() -> ApiException.notFound("unknown region", id));
                yield new ReportScope("region", r.id(), r.name(), registry.sitesIn(r.id()));
            }
            case "organization" -> {
                Organization o = registry.organization(id).orElseThrow(() -> ApiException.notFound("unknown organization", id));
                yield new ReportScope("organization", o.id(), o.name(), registry.sites().stream().filter(s -> s.organization().equals(o.id())).toList());
            }
            case "site" -> {
                Site s = registry.site(id).orElseThrow(() -> ApiException.notFound("unknown site", id));
                yield new ReportScope("site", s.id(), s.name(), List.of(s));
            }
            default -> throw ApiException.badRequest("invalid scope", "scope is region, organization or site, not '" + clip(kind) + "'");
        };
        Set<String> visible = visibleSites(caller);
        if (caller.role() != Role.ADMIN && (scope.sites().isEmpty() || !scope.sites().stream().allMatch(s -> visible.contains(s.id())))) {
            throw ApiException.notFound("unknown " + kind, id);
        }
        return scope;
    }

    /**
     * {@code period}: {@code day}, {@code week} or {@code month} (the last complete one, or the one holding
     * {@code date}), or {@code range} with {@code from} and {@code to}; default the last complete week.
     */
    private static ReportPeriod period(JsonObject body) {
        String kind = text(body, "period");
        kind = kind == null ? "week" : kind;
        long now = System.currentTimeMillis();
        ReportPeriod period;
        if (kind.equals("range")) {
            long from = instant(text(body, "from"), "from");
            long to = instant(text(body, "to"), "to");
            if (from >= to || to - from > MAX_RANGE_MS) {
                throw ApiException.badRequest("invalid range", "from must be before to, at most 400 days apart");
            }
            period = ReportPeriod.range(from, to, ReportPeriod.DEFAULT_ZONE);
        } else if (!List.of("day", "week", "month").contains(kind)) {
            throw ApiException.badRequest("invalid period", "period is day, week, month or range, not '" + clip(kind) + "'");
        } else {
            String date = text(body, "date");
            period = date == null ? ReportPeriod.lastComplete(kind, Instant.ofEpochMilli(now), ReportPeriod.DEFAULT_ZONE)
                    : ReportPeriod.containing(kind, day(date, "date"), ReportPeriod.DEFAULT_ZONE);
        }
        if (period.from() > now) {
            throw ApiException.badRequest("period in the future", "the period " + period.label() + " has not begun; nothing can be reported on it yet");
        }
        return period;
    }

    /** A day of the reports' calendar, {@code 2026-11-30}, between the years 2000 and 2999. */
    private static LocalDate day(String text, String name) {
        try {
            LocalDate d = LocalDate.parse(text);
            if (d.getYear() < 2000 || d.getYear() > 2999) {
                throw new DateTimeParseException("out of range", text, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid " + name, name + " is a day like 2026-11-30, not '" + clip(text) + "'");
        }
    }

    /** Epoch ms, ISO-8601 or a day (its start in the reports' time zone). */
    private static long instant(String text, String name) {
        if (text == null) {
            throw ApiException.badRequest("missing from/to", "a range needs from and to (a day like 2026-11-30, ISO-8601 or epoch ms)");
        }
        if (text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
            return day(text, name).atStartOfDay(ReportPeriod.DEFAULT_ZONE).toInstant().toEpochMilli();
        }
        return QueryParams.time(text, name, -1);
    }

    private static String text(JsonObject body, String key) {
        Object v = body.getValue(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && (key.equals("from") || key.equals("to"))) {
            if (n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0 || n.doubleValue() > 1e15) {
                throw ApiException.badRequest("invalid " + key, key + " in epoch ms is a whole number from 0");
            }
            return Long.toString(n.longValue());
        }
        if (!(v instanceof String s)) {
            throw ApiException.badRequest("invalid " + key, key + " must be a string");
        }
        return s;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
