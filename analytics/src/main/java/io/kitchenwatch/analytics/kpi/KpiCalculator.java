package io.kitchenwatch.analytics.kpi;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.disinfection.Verdict;
import io.kitchenwatch.devices.model.SiteKind;
import io.kitchenwatch.devices.model.Zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/** The county plan's KPIs (docs/domain-rules.md) from gathered facts. Pure. */
public final class KpiCalculator {
    private KpiCalculator() {
    }

    public static List<Kpi> compute(KpiFacts f) {
        List<Kpi> out = new ArrayList<>();
        out.add(coverage(f));
        out.add(videoIntact(f));
        long compliant = f.verdicts().getOrDefault(Verdict.COMPLIANT, 0L);
        out.add(Kpi.ratio("disinfection_pass_rate", "监测总体合格率 Disinfection monitoring pass rate", compliant,
                f.verdicts().values().stream().mapToLong(Long::longValue).sum(), OptionalDouble.of(0.95), "no batch was judged in the period"));
        long monitored = f.restaurants().stream().filter(r -> f.reportingSeparators().getOrDefault(r, false)).count();
        Kpi separators = Kpi.ratio("oil_separator_monitored", "油水分离装置 Restaurants with a monitored oil-water separator",
                monitored, f.restaurants().size(), OptionalDouble.empty(), "no restaurant in scope");
        out.add(monitored == 0 && !f.restaurants().isEmpty() ? separators.withoutData("no oil separator reported in the period") : separators);
        out.add(wasteDisposal(f));
        out.add(closedLoop(f));
        return out;
    }

    /**
     * A site counts when none of its bins went uncollected past the interval during the period (the overdue alert is
     * raised the moment a bin has waited longer than the interval, measured from its last collection or first report).
     */
    private static Kpi wasteDisposal(KpiFacts f) {
        Set<String> overdue = f.alerts().stream()
                .filter(a -> a.type() == AlertType.WASTE_COLLECTION_OVERDUE && a.opened() < f.to() && a.updated() >= f.from())
                .map(Alert::site).collect(Collectors.toSet());
        long ok = f.binSites().stream().filter(site -> !overdue.contains(site)).count();
        Kpi kpi = Kpi.ratio("food_waste_disposal_rate", "餐厨垃圾集中处置率 Food-waste centralized disposal rate", ok,
                f.binSites().size(), OptionalDouble.of(0.80), "no site in scope has a waste bin");
        // bins that said nothing all period were not seen to be collected on time: that is no evidence either way
        return f.reportingBinSites().isEmpty() && !f.binSites().isEmpty() ? kpi.withoutData("no waste bin reported in the period") : kpi;
    }

    /** Zones a school canteen must watch, each with a camera online and healthy for 95 % of the period. */
    static final List<Zone> REQUIRED_ZONES = List.of(Zone.RAW_PROCESSING, Zone.COOKING, Zone.DISHWASHING);
    static final double HEALTHY_ENOUGH = 0.95;

    private static Kpi coverage(KpiFacts f) {
        Map<String, List<CameraUptime>> camerasBySite = f.cameras().stream().collect(Collectors.groupingBy(CameraUptime::site));
        long covered = 0;
        boolean anyFrame = false;
        for (String canteen : f.schoolCanteens()) {
            List<CameraUptime> cameras = camerasBySite.getOrDefault(canteen, List.of());
            anyFrame |= cameras.stream().anyMatch(c -> c.framesAnalysed() > 0);
            boolean all = REQUIRED_ZONES.stream().allMatch(zone -> cameras.stream().anyMatch(c -> c.zone().filter(zone::equals).isPresent()
                    && c.healthyShare() >= HEALTHY_ENOUGH - 1e-12));
            if (all) {
                covered++;
            }
        }
        Kpi kpi = Kpi.ratio("sunshine_kitchen_coverage", "校园食堂阳光厨房覆盖率 Sunshine-kitchen coverage of school canteens",
                covered, f.schoolCanteens().size(), OptionalDouble.of(0.95), "no school canteen in scope");
        return anyFrame || f.schoolCanteens().isEmpty() ? kpi : kpi.withoutData("no school canteen's camera sent a frame in the period");
    }

    /** Camera-time online and healthy over camera-time registered, at disinfection plants (in thousandths). */
    private static Kpi videoIntact(KpiFacts f) {
        List<CameraUptime> plant = f.cameras().stream().filter(c -> c.siteKind() == SiteKind.DISINFECTION_PLANT).toList();
        long healthy = Math.round(plant.stream().mapToDouble(CameraUptime::healthyShare).sum() * 1000);
        Kpi kpi = Kpi.ratio("video_intact_rate", "视频安装完好率 Video intact rate at disinfection units", healthy,
                plant.size() * 1000L, OptionalDouble.of(1.0), "no camera at a disinfection plant in scope");
        boolean anyFrame = plant.stream().anyMatch(c -> c.framesAnalysed() > 0);
        return anyFrame || plant.isEmpty() ? kpi : kpi.withoutData("no disinfection plant's camera sent a frame in the period");
    }

    private static Kpi closedLoop(KpiFacts f) {
        List<Alert> opened = f.alerts().stream().filter(a -> a.opened() >= f.from() && a.opened() < f.to())
                .filter(a -> a.type() != AlertType.DEVICE_UNREGISTERED).toList();
        List<Long> hoursToClose = new ArrayList<>();
        long closed = 0;
        for (Alert a : opened) {
            if (a.isClosed()) {
                closed++;
                hoursToClose.add(a.closedAt().getAsLong() - a.opened());
            }
        }
        hoursToClose.sort(Long::compare);
        OptionalDouble median = hoursToClose.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(hoursToClose.size() % 2 == 1 ? hoursToClose.get(hoursToClose.size() / 2) / 3_600_000.0
                : (hoursToClose.get(hoursToClose.size() / 2 - 1) + hoursToClose.get(hoursToClose.size() / 2)) / 2 / 3_600_000.0);
        return Kpi.ratio("closed_loop", "风险闭环 Hazards closed after verification", closed, opened.size(), OptionalDouble.of(1.0),
                "no alert was opened in the period").withExtra(median);
    }
}
