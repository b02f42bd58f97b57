package io.kitchenwatch.dashboards.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Where a report stands, as the API shows it and as {@code meta.json} keeps it beside the files.
 *
 * @param siteIds   the sites the report covers: who may read it is decided by them
 * @param createdByRole the role of who asked for it ({@code REGULATOR}, ...; {@code SCHEDULED} for daily ones)
 * @param scheduled a daily report the node made by itself
 * @param state     {@code queued}, {@code building}, {@code done} or {@code failed}
 * @param progress  0..1, sites gathered so far, then rendering
 */
public record ReportStatus(String id, String scopeKind, String scopeId, String scopeName, List<String> siteIds,
                           String periodKind, long from, long to, String periodLabel, String createdBy, String createdByRole,
                           long created, boolean scheduled, String state, double progress, String error) {
    public static final List<String> FILES = List.of("report.pdf", "report.csv.zip", "report.html");

    public ReportStatus {
        siteIds = List.copyOf(siteIds);
    }

    public ReportStatus with(String newState, double newProgress, String newError) {
        return new ReportStatus(id, scopeKind, scopeId, scopeName, siteIds, periodKind, from, to, periodLabel, createdBy,
                createdByRole, created, scheduled, newState, newProgress, newError);
    }

    public boolean done() {
        return state.equals("done");
    }

    /** For the API: no site list (it can be long), and the download links once done. */
    public JsonObject toJson() {
        JsonObject files = new JsonObject();
        if (done()) {
            files.put("pdf", "/api/v1/reports/" + id + "/report.pdf")
                    .put("csv", "/api/v1/reports/" + id + "/report.csv.zip")
                    .put("html", "/api/v1/reports/" + id + "/report.html");
        }
        return new JsonObject().put("id", id)
                .put("scope", new JsonObject().put("kind", scopeKind).put("id", scopeId).put("name", scopeName).put("sites", siteIds.size()))
                .put("period", new JsonObject().put("kind", periodKind).put("from", from).put("to", to).put("label", periodLabel))
                .put("created", created).put("created_by", createdBy).put("scheduled", scheduled)
                .put("state", state).put("progress", Math.round(progress * 1000) / 1000.0).put("error", error).put("files", files);
    }

    JsonObject toStored() {
        return toJson().put("site_ids", new JsonArray(siteIds)).put("created_by_role", createdByRole);
    }

    static ReportStatus fromStored(JsonObject j) {
        JsonObject scope = j.getJsonObject("scope");
        JsonObject period = j.getJsonObject("period");
        return new ReportStatus(j.getString("id"), scope.getString("kind"), scope.getString("id"), scope.getString("name"),
                j.getJsonArray("site_ids").stream().map(String::valueOf).toList(), period.getString("kind"), period.getLong("from"),
                period.getLong("to"), period.getString("label"), j.getString("created_by"), j.getString("created_by_role", "SCHEDULED"),
                j.getLong("created"),
                j.getBoolean("scheduled", false), j.getString("state"), j.getDouble("progress", 0.0), j.getString("error"));
    }
}
