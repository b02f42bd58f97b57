package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertState;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.HistoryEntry;
import io.kitchenwatch.analytics.alerts.Severity;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/** The alert JSON of protocol.md, used on MQTT, in the store and in the API; and the JSON of a batch verdict. */
public final class AlertCodec {
    private AlertCodec() {
    }

    public static JsonObject toJson(Alert a) {
        JsonArray history = new JsonArray();
        for (HistoryEntry h : a.history()) {
            history.add(new JsonObject().put("state", h.state().wireName()).put("at", h.at()).put("by", h.by()).put("note", h.note()));
        }
        return new JsonObject()
                .put("id", a.id())
                .put("site", a.site())
                .put("device", a.device())
                .put("type", a.type().wireName())
                .put("severity", a.severity().wireName())
                .put("state", a.state().wireName())
                .put("cleared", a.cleared())
                .put("opened", a.opened())
                .put("updated", a.updated())
                .put("last_seen", a.lastSeen())
                .put("count", a.count())
                .put("worst", a.worst())
                .put("evidence", new JsonObject(new LinkedHashMap<>(a.evidence())))
                .put("history", history);
    }

    public static Alert fromJson(JsonObject j) {
        List<HistoryEntry> history = new ArrayList<>();
        for (Object o : j.getJsonArray("history", new JsonArray())) {
            JsonObject h = (JsonObject) o;
            history.add(new HistoryEntry(AlertState.fromWire(h.getString("state")), h.getLong("at"), h.getString("by"), h.getString("note", "")));
        }
        return new Alert(j.getString("id"), j.getString("site"), j.getString("device"),
                AlertType.fromWire(j.getString("type")).orElseThrow(() -> new IllegalArgumentException("unknown alert type " + j.getString("type"))),
                Severity.valueOf(j.getString("severity").toUpperCase(Locale.ROOT)), AlertState.fromWire(j.getString("state")),
                j.getBoolean("cleared", false), j.getLong("opened"), j.getLong("updated"), j.getLong("last_seen", j.getLong("updated")),
                j.getInteger("count", 1), j.getDouble("worst", 0.0), j.getJsonObject("evidence", new JsonObject()).getMap(), history);
    }

    public static JsonObject toJson(BatchVerdict v) {
        return new JsonObject(new LinkedHashMap<>(v.evidence())).put("site", v.site()).put("device", v.device());
    }
}
