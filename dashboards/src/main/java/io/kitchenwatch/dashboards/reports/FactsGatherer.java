package io.kitchenwatch.dashboards.reports;

import io.kitchenwatch.analytics.kpi.CameraUptime;
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
import java.util.function.IntConsumer;

/**
 * Reads sites' facts for a period from the store: the counts every KPI needs for all devices at once, in
 * {@link ScopeCounts#QUERIES} grouped queries whatever the number of sites, and (with detail, for reports) each
 * site's batch records, collections and pump-outs. Blocking: call from a worker.
 */
public final class FactsGatherer {
    private static final int MAX_ROWS = 1_000_000;
    private final Registry registry;
    private final TimeSeriesStore store;

    public FactsGatherer(Registry registry, TimeSeriesStore store) {
        this.registry = registry;
        this.store = store;
    }

    /** What KPIs need; with {@code detail}, also the batches, waste ledger and pump-outs a report lists. */
    public SiteFacts gather(Site site, long from, long to, boolean detail) throws StoreException {
        return gather(List.of(site), from, to, detail, done -> { }).get(0);
    }

    /** {@link #gather(Site, long, long, boolean)} of every site, telling {@code progress} how many sites are done. */
    public List<SiteFacts> gather(List<Site> sites, long from, long to, boolean detail, IntConsumer progress) throws StoreException {
        ScopeCounts counts = ScopeCounts.read(store, from, to);
        List<SiteFacts> out = new ArrayList<>(sites.size());
        for (Site site : sites) {
            out.add(facts(site, counts, from, to, detail));
            progress.accept(out.size());
        }
        return out;
    }

    private SiteFacts facts(Site site, ScopeCounts counts, long from, long to, boolean detail) throws StoreException {
        List<RegisteredDevice> devices = registry.devicesOf(site.id());
        List<JsonObject> verdicts = new ArrayList<>();
        List<JsonObject> collections = new ArrayList<>();
        List<JsonObject> pumpOuts = new ArrayList<>();
        boolean separatorReporting = false;
        boolean binReporting = false;
        List<CameraUptime> cameras = new ArrayList<>();
        Map<String, CameraUptime> uptimes = new LinkedHashMap<>();
        if (detail && counts.hasBatches(site.id())) {
            for (String row : store.payloads(TimeSeriesStore.BATCHES, Map.of("site", site.id()), from, to, MAX_ROWS)) {
                verdicts.add(new JsonObject(row));
            }
        }
        for (RegisteredDevice d : devices) {
            switch (d.kind()) {
                case OIL_SEPARATOR -> {
                    separatorReporting |= counts.greaseReadings(d.id()) > 0;
                    if (detail) {
                        events(d, "pump_out", from, to, pumpOuts);
                    }
                }
                case WASTE_BIN -> {
                    binReporting |= counts.binReports(d.id()) > 0;
                    if (detail) {
                        events(d, "collected", from, to, collections);
                    }
                }
                case CAMERA -> {
                    // a period still running promises frames only up to now
                    long until = Math.max(from, Math.min(to, System.currentTimeMillis()));
                    double promised = Math.max(1, (until - from) / (double) d.reportInterval().toMillis());
                    long healthy = counts.healthyFrames(d.id());
                    double share = Math.min(1.0, healthy / promised);
                    CameraUptime uptime = new CameraUptime(site.id(), site.kind(), d.zone(), share, healthy + counts.unhealthyFrames(d.id()));
                    cameras.add(uptime);
                    uptimes.put(d.id(), uptime);
                }
                default -> {
                }
            }
        }
        collections.sort((a, b) -> Long.compare(a.getLong("ts", 0L), b.getLong("ts", 0L)));
        pumpOuts.sort((a, b) -> Long.compare(a.getLong("ts", 0L), b.getLong("ts", 0L)));
        return new SiteFacts(site, devices, verdicts, counts.verdicts(site.id()), collections, pumpOuts, separatorReporting,
                binReporting, cameras, uptimes);
    }

    private void events(RegisteredDevice d, String type, long from, long to, List<JsonObject> into) throws StoreException {
        for (String row : store.payloads(TimeSeriesStore.EVENTS, Map.of("device", d.id(), "type", type), from, to, MAX_ROWS)) {
            into.add(new JsonObject(row));
        }
    }
}
