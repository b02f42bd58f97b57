package io.kitchenwatch.dashboards.reports;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.disinfection.Verdict;
import io.kitchenwatch.analytics.kpi.CameraUptime;
import io.kitchenwatch.analytics.kpi.KpiFacts;
import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.model.SiteKind;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Site;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the store holds about one site for a period: the rows reports and KPIs are computed from.
 *
 * @param verdicts            batch verdict JSON (protocol.md) of batches that ended in the period, oldest first (empty
 *                            unless gathered in detail)
 * @param verdictCounts       how many batches that ended in the period got each verdict
 * @param collections         {@code collected} events of the site's bins, oldest first (empty unless gathered in detail)
 * @param pumpOuts            {@code pump_out} events of the site's separators, oldest first (empty unless in detail)
 * @param separatorReporting  whether one of its oil separators sent a grease level in the period
 * @param binReporting        whether one of its waste bins sent a weight or an event in the period
 * @param cameras             every registered camera with its healthy share of the period
 */
public record SiteFacts(Site site, List<RegisteredDevice> devices, List<JsonObject> verdicts, Map<Verdict, Long> verdictCounts,
                        List<JsonObject> collections,
                        List<JsonObject> pumpOuts, boolean separatorReporting, boolean binReporting, List<CameraUptime> cameras,
                        Map<String, CameraUptime> cameraByDevice) {
    public boolean has(DeviceKind kind) {
        return devices.stream().anyMatch(d -> d.kind() == kind);
    }

    /** The county plan's KPI inputs for these sites and period; {@code alerts} are those of these sites. */
    public static KpiFacts kpiFacts(List<SiteFacts> sites, List<Alert> alerts, long from, long to) {
        Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        List<String> restaurants = new ArrayList<>();
        Map<String, Boolean> reporting = new HashMap<>();
        Set<String> binSites = new LinkedHashSet<>();
        Set<String> reportingBinSites = new LinkedHashSet<>();
        List<String> canteens = new ArrayList<>();
        List<CameraUptime> cameras = new ArrayList<>();
        for (SiteFacts s : sites) {
            s.verdictCounts().forEach((verdict, n) -> verdicts.merge(verdict, n, Long::sum));
            if (s.site().kind() == SiteKind.RESTAURANT) {
                restaurants.add(s.site().id());
                reporting.put(s.site().id(), s.separatorReporting());
            }
            if (s.has(DeviceKind.WASTE_BIN)) {
                binSites.add(s.site().id());
                if (s.binReporting()) {
                    reportingBinSites.add(s.site().id());
                }
            }
            if (s.site().kind() == SiteKind.SCHOOL_CANTEEN) {
                canteens.add(s.site().id());
            }
            cameras.addAll(s.cameras());
        }
        return new KpiFacts(from, to, verdicts, alerts, restaurants, reporting, binSites, reportingBinSites, canteens, cameras);
    }
}
