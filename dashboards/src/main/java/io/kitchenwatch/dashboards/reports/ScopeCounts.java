package io.kitchenwatch.dashboards.reports;

import io.kitchenwatch.analytics.disinfection.Verdict;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.TimeSeriesStore;

import java.util.EnumMap;
import java.util.Map;

/**
 * The counts a period's KPIs are made of, for every device and site in the store at once: batches by verdict per site,
 * camera frames (healthy or not), separators' grease readings and bins' weights and events per device.
 */
record ScopeCounts(Map<Verdict, Map<String, Long>> batchesBySite, Map<String, Long> healthy, Map<String, Long> unhealthy,
                   Map<String, Long> grease, Map<String, Long> binWeights, Map<String, Long> events) {
    static final int QUERIES = Verdict.values().length + 5;

    static ScopeCounts read(TimeSeriesStore store, long from, long to) throws StoreException {
        Map<Verdict, Map<String, Long>> batches = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            batches.put(v, store.countPer("site", TimeSeriesStore.BATCHES, TimeSeriesStore.PAYLOAD, Map.of("verdict", v.wireName()), from, to));
        }
        return new ScopeCounts(batches,
                store.countPer("device", TimeSeriesStore.CAMERA_HEALTH, "healthy_frame", Map.of(), from, to),
                store.countPer("device", TimeSeriesStore.CAMERA_HEALTH, "unhealthy_frame", Map.of(), from, to),
                store.countPer("device", TimeSeriesStore.TELEMETRY, "grease_pct", Map.of(), from, to),
                store.countPer("device", TimeSeriesStore.TELEMETRY, "weight_kg", Map.of(), from, to),
                store.countPer("device", TimeSeriesStore.EVENTS, TimeSeriesStore.PAYLOAD, Map.of(), from, to));
    }

    /** The site's batches that ended in the period, by verdict (verdicts without one absent). */
    Map<Verdict, Long> verdicts(String site) {
        Map<Verdict, Long> out = new EnumMap<>(Verdict.class);
        batchesBySite.forEach((verdict, bySite) -> {
            long n = bySite.getOrDefault(site, 0L);
            if (n > 0) {
                out.put(verdict, n);
            }
        });
        return out;
    }

    boolean hasBatches(String site) {
        return batchesBySite.values().stream().anyMatch(bySite -> bySite.containsKey(site));
    }

    long healthyFrames(String device) {
        return healthy.getOrDefault(device, 0L);
    }

    long unhealthyFrames(String device) {
        return unhealthy.getOrDefault(device, 0L);
    }

    long greaseReadings(String device) {
        return grease.getOrDefault(device, 0L);
    }

    /** Weights and events: a bin that sent either reported. */
    long binReports(String device) {
        return binWeights.getOrDefault(device, 0L) + events.getOrDefault(device, 0L);
    }
}
