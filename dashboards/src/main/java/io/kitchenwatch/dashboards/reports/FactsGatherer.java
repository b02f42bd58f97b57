package io.kitchenwatch.dashboards.reports;

import io.kitchenwatch.analytics.kpi.CameraUptime;
import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a site's facts for a period from the store, a few queries per device. Blocking: call from a worker.
 */
public final class FactsGatherer {
    private static final int MAX_ROWS = 1_000_000;
    private final Registry registry;
    private final TimeSeriesStore store;

    public FactsGatherer(Registry registry, TimeSeriesStore store) {
        this.registry = registry;
        this.store = store;
    }

    /** What KPIs need; with {@code detail}, also the waste ledger and pump-outs a report lists. */
    public SiteFacts gather(Site site, long from, long to, boolean detail) throws StoreException {
        List<RegisteredDevice> devices = registry.devicesOf(site.id());
        List<JsonObject> verdicts = new ArrayList<>();
        List<JsonObject> collections = new ArrayList<>();
        List<JsonObject> pumpOuts = new ArrayList<>();
        boolean separatorReporting = false;
        boolean binReporting = false;
        List<CameraUptime> cameras = new ArrayList<>();
        Map<String, CameraUptime> uptimes = new LinkedHashMap<>();
        if (devices.stream().anyMatch(d -> d.kind() == DeviceKind.DISINFECTION_CABINET)) {
            for (String row : store.payloads(TimeSeriesStore.BATCHES, Map.of("site", site.id()), from, to, MAX_ROWS)) {
                verdicts.add(new JsonObject(row));
            }
        }
        for (RegisteredDevice d : devices) {
            switch (d.kind()) {
                case OIL_SEPARATOR -> {
                    separatorReporting |= store.count(TimeSeriesStore.TELEMETRY, d.id(), "grease_pct", from, to) > 0;
                    if (detail) {
                        events(d, "pump_out", from, to, pumpOuts);
                    }
                }
                case WASTE_BIN -> {
                    binReporting = binReporting || store.count(TimeSeriesStore.TELEMETRY, d.id(), "weight_kg", from, to) > 0
                            || store.count(TimeSeriesStore.EVENTS, d.id(), TimeSeriesStore.PAYLOAD, from, to) > 0;
                    if (detail) {
                        events(d, "collected", from, to, collections);
                    }
                }
                case CAMERA -> {
                    // a period still running promises frames only up to now
                    long until = Math.max(from, Math.min(to, System.currentTimeMillis()));
                    double promised = Math.max(1, (until - from) / (double) d.reportInterval().toMillis());
                    long healthy = store.count(TimeSeriesStore.CAMERA_HEALTH, d.id(), "healthy_frame", from, to);
                    long unhealthy = store.count(TimeSeriesStore.CAMERA_HEALTH, d.id(), "unhealthy_frame", from, to);
                    double share = Math.min(1.0, healthy / promised);
                    CameraUptime uptime = new CameraUptime(site.id(), site.kind(), d.zone(), share, healthy + unhealthy);
                    cameras.add(uptime);
                    uptimes.put(d.id(), uptime);
                }
                default -> {
                }
            }
        }
        collections.sort((a, b) -> Long.compare(a.getLong("ts", 0L), b.getLong("ts", 0L)));
        pumpOuts.sort((a, b) -> Long.compare(a.getLong("ts", 0L), b.getLong("ts", 0L)));
        return new SiteFacts(site, devices, verdicts, collections, pumpOuts, separatorReporting, binReporting, cameras, uptimes);
    }

    private void events(RegisteredDevice d, String type, long from, long to, List<JsonObject> into) throws StoreException {
        for (String row : store.payloads(TimeSeriesStore.EVENTS, Map.of("device", d.id(), "type", type), from, to, MAX_ROWS)) {
            into.add(new JsonObject(row));
        }
    }
}
