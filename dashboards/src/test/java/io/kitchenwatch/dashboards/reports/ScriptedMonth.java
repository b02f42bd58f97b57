package io.kitchenwatch.dashboards.reports;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertState;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.HistoryEntry;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.kitchenwatch.analytics.disinfection.Verdict;
import io.kitchenwatch.analytics.runtime.AlertCodec;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * November 2026 in a small county, written to a store as ingest and analytics write it, with the answers a report
 * must give. Three sites: a plant (hot-air and steam cabinets, a line camera), a school canteen (three zone cameras,
 * a bin) and a restaurant (a separator, a bin). Cameras report hourly, so a month promises 720 frames each.
 */
final class ScriptedMonth {
    static final ReportPeriod NOVEMBER = ReportPeriod.containing("month", LocalDate.of(2026, 11, 1), ReportPeriod.DEFAULT_ZONE);
    static final String REGISTRY = """
            {"regions": [{"id": "tt", "name": "天台县"}, {"id": "tt-a", "name": "赤城街道", "parent": "tt"}],
             "organizations": [{"id": "org-plant", "name": "洁净消毒公司", "kind": "company"},
                               {"id": "org-sch", "name": "天台中学", "kind": "school"},
                               {"id": "org-rest", "name": "国清饭店", "kind": "restaurant"}],
             "sites": [
              {"id": "plant-1", "name": "洁净消毒中心", "kind": "disinfection_plant", "organization": "org-plant", "region": "tt-a",
               "devices": [{"id": "cab-1", "kind": "disinfection_cabinet", "settings": {"method": "hot_air"}},
                           {"id": "cab-2", "kind": "disinfection_cabinet", "settings": {"method": "steam"}},
                           {"id": "cam-line", "kind": "camera", "zone": "disinfection_line", "interval_s": 3600}]},
              {"id": "sch-1", "name": "天台中学食堂", "kind": "school_canteen", "organization": "org-sch", "region": "tt-a",
               "devices": [{"id": "cam-raw", "kind": "camera", "zone": "raw_processing", "interval_s": 3600},
                           {"id": "cam-cook", "kind": "camera", "zone": "cooking", "interval_s": 3600},
                           {"id": "cam-dish", "kind": "camera", "zone": "dishwashing", "interval_s": 3600},
                           {"id": "bin-1", "kind": "waste_bin", "interval_s": 60, "settings": {"capacity_kg": 120}}]},
              {"id": "rest-1", "name": "国清饭店后厨", "kind": "restaurant", "organization": "org-rest", "region": "tt",
               "devices": [{"id": "sep-1", "kind": "oil_separator", "interval_s": 60},
                           {"id": "bin-2", "kind": "waste_bin", "interval_s": 60, "settings": {"capacity_kg": 120}}]}]}
            """;

    private ScriptedMonth() {
    }

    static Registry registry() {
        return RegistryLoader.parse(REGISTRY, "scripted month");
    }

    /** Epoch ms of a local time in November 2026 (day 1..30; day 0 is 31 October, day 31 is 1 December). */
    static long at(int day, int hour) {
        return LocalDateTime.of(2026, 11, 1, hour, 0).plusDays(day - 1).atZone(ReportPeriod.DEFAULT_ZONE).toInstant().toEpochMilli();
    }

    static List<StorePoint> points() {
        List<StorePoint> out = new ArrayList<>();
        for (int day = 1; day <= 30; day++) {
            // cab-1: one compliant batch a day, and a non-compliant one on days 10, 20 and 30 (33 batches)
            out.add(batch("cab-1", "H" + day, "hot_air", at(day, 8), Verdict.COMPLIANT));
            if (day % 10 == 0) {
                out.add(batch("cab-1", "H" + day + "x", "hot_air", at(day, 11), Verdict.NON_COMPLIANT));
            }
            // cab-2: one a day; day 5 unverifiable, day 6 abandoned (30 batches, 28 compliant)
            Verdict steam = day == 5 ? Verdict.UNVERIFIABLE : day == 6 ? Verdict.ABANDONED : Verdict.COMPLIANT;
            out.add(batch("cab-2", "S" + day, "steam", at(day, 9), steam));
            // bin-1 is collected every evening but 15 November (29 collections of 50 kg; one 48 h gap)
            if (day != 15) {
                out.add(event("sch-1", "bin-1", "waste_bin", at(day, 20), "collected", Map.of("weight_kg", 50.0, "by", "天台环卫")));
            }
            out.add(event("rest-1", "bin-2", "waste_bin", at(day, 21), "collected", Map.of("weight_kg", 20.0, "by", "collector-2")));
            out.add(new StorePoint(TimeSeriesStore.TELEMETRY, tags("rest-1", "sep-1", "oil_separator"),
                    Map.of("grease_pct", 10.0 + day * 0.3), at(day, 12)));
        }
        // outside the month: must not count
        out.add(batch("cab-1", "H-oct", "hot_air", at(0, 22), Verdict.NON_COMPLIANT));
        out.add(batch("cab-1", "H-dec", "hot_air", at(31, 1), Verdict.NON_COMPLIANT));
        out.add(event("rest-1", "bin-2", "waste_bin", at(31, 2), "collected", Map.of("weight_kg", 99.0)));
        out.add(event("rest-1", "sep-1", "oil_separator", at(10, 15), "pump_out", Map.of("by", "清掏队")));
        // camera health: hourly frames; raw 720 (100 %), cook 700 (97.2 %), dish 600 (83.3 %), line 360 (50 %)
        cameraFrames(out, "sch-1", "cam-raw", 720);
        cameraFrames(out, "sch-1", "cam-cook", 700);
        cameraFrames(out, "sch-1", "cam-dish", 600);
        cameraFrames(out, "plant-1", "cam-line", 360);
        return out;
    }

    /** The alerts the county followed during the month (and one long closed before it). */
    static List<Alert> alerts() {
        return List.of(
                alert("a1", "plant-1", "cab-1", AlertType.DISINFECTION_CYCLE_NONCOMPLIANT, at(1, 10), at(1, 14)),
                alert("a2", "plant-1", "cab-1", AlertType.DISINFECTION_CYCLE_NONCOMPLIANT, at(11, 10), at(12, 10)),
                alert("a3", "plant-1", "cab-1", AlertType.DISINFECTION_CYCLE_NONCOMPLIANT, at(21, 10), -1),
                alert("a4", "sch-1", "bin-1", AlertType.WASTE_COLLECTION_OVERDUE, at(16, 20), at(17, 22)),
                alert("a5", "rest-1", "sep-1", AlertType.GREASE_LEVEL_ALARM, at(-1, 12), at(2, 12)),
                alert("a6", "sch-1", "cam-dish", AlertType.CAMERA_BLACK, at(-30, 12), at(-26, 12)));
    }

    private static Alert alert(String id, String site, String device, AlertType type, long opened, long closed) {
        List<HistoryEntry> history = new ArrayList<>();
        history.add(new HistoryEntry(AlertState.OPEN, opened, "analytics", null));
        AlertState state = AlertState.RECTIFYING;
        if (closed > 0) {
            history.add(new HistoryEntry(AlertState.VERIFIED, closed - 60_000, "inspector", "checked"));
            history.add(new HistoryEntry(AlertState.CLOSED, closed, "inspector", "closed"));
            state = AlertState.CLOSED;
        }
        return new Alert(id, site, device, type, type.severity(), state, false, opened,
                Math.max(opened, closed), opened, 1, 1.0, Map.of(), history);
    }

    private static StorePoint batch(String cabinet, String batch, String method, long start, Verdict verdict) {
        long end = start + 40 * 60_000L;
        double threshold = method.equals("hot_air") ? 120 : 100;
        BatchVerdict v = new BatchVerdict("plant-1", cabinet, batch, method, "temp_c", threshold, start, end, verdict,
                verdict == Verdict.COMPLIANT ? 125 : 110, verdict == Verdict.COMPLIANT ? 900 : 0, 600, 0, 0, 240, "sch-1");
        JsonObject json = AlertCodec.toJson(v);
        return new StorePoint(TimeSeriesStore.BATCHES, Map.of("site", "plant-1", "device", cabinet, "verdict", verdict.wireName()),
                Map.of(TimeSeriesStore.PAYLOAD, json.encode(), "batch", batch), end);
    }

    private static StorePoint event(String site, String device, String kind, long ts, String type, Map<String, Object> attributes) {
        JsonObject payload = new JsonObject().put("site", site).put("device", device).put("ts", ts).put("type", type);
        attributes.forEach(payload::put);
        Map<String, String> tags = new java.util.HashMap<>(tags(site, device, kind));
        tags.put("type", type);
        return new StorePoint(TimeSeriesStore.EVENTS, tags, Map.of(TimeSeriesStore.PAYLOAD, payload.encode()), ts);
    }

    private static Map<String, String> tags(String site, String device, String kind) {
        return Map.of("site", site, "device", device, "kind", kind, "registered", "true");
    }

    private static void cameraFrames(List<StorePoint> out, String site, String camera, int frames) {
        for (int i = 0; i < frames; i++) {
            out.add(new StorePoint(TimeSeriesStore.CAMERA_HEALTH, Map.of("site", site, "device", camera),
                    Map.of("healthy_frame", 1.0), NOVEMBER.from() + i * 3_600_000L + 60_000));
        }
    }
}
