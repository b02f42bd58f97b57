package io.kitchenwatch.dashboards.reports;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.kpi.CameraUptime;
import io.kitchenwatch.analytics.kpi.Kpi;
import io.kitchenwatch.analytics.kpi.KpiCalculator;
import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.model.Zone;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Turns a scope's facts and alerts for a period into a {@link Report}. Pure: the figures a test checks against a
 * scripted month come from here.
 */
public final class ReportBuilder {
    private static final List<String> VERDICTS = List.of("compliant", "non_compliant", "unverifiable", "abandoned");
    private static final double HOUR_MS = 3_600_000.0;

    private ReportBuilder() {
    }

    /**
     * @param sites   the facts of every site in the scope
     * @param alerts  alerts (any site, any period: those of the scope's sites that touch the period are picked here)
     */
    public static Report build(ReportScope scope, ReportPeriod period, List<SiteFacts> sites, List<Alert> alerts, long now) {
        long from = period.from();
        long to = period.to();
        Set<String> inScope = new HashSet<>();
        scope.sites().forEach(site -> inScope.add(site.id()));
        List<Alert> relevant = alerts.stream().filter(a -> inScope.contains(a.site()) && a.type() != AlertType.DEVICE_UNREGISTERED)
                .filter(a -> a.opened() < to && a.closedAt().orElse(Long.MAX_VALUE) >= from).toList();
        List<Kpi> kpis = KpiCalculator.compute(SiteFacts.kpiFacts(sites, relevant, from, to));
        List<Table> tables = new ArrayList<>();
        tables.add(kpiTable(kpis));
        Map<String, long[]> passRate = new LinkedHashMap<>();
        tables.add(batchesByPlant(sites, passRate));
        tables.add(batches(sites, period));
        tables.add(wasteCollection(sites, relevant, period, now));
        tables.add(wasteLedger(sites, period));
        tables.add(separators(sites, relevant, period));
        tables.add(cameras(sites));
        Map<String, long[]> byType = new TreeMap<>();
        tables.add(alertsByType(relevant, period, byType));
        String title = "食品安全监管报告 Food-safety supervision report";
        return new Report(title, scope, period, now, kpis, tables, passRate, byType);
    }

    private static Table kpiTable(List<Kpi> kpis) {
        List<List<Object>> rows = new ArrayList<>();
        for (Kpi k : kpis) {
            rows.add(row(k.id(), k.name(), k.value().isPresent() ? percent(k.value().getAsDouble()) : null, k.numerator(),
                    k.denominator(), k.target().isPresent() ? percent(k.target().getAsDouble()) : "rising",
                    k.noData().isPresent() ? "no data" : k.meetsTarget().map(m -> m ? "yes" : "no").orElse(null),
                    k.noData().orElse(null)));
        }
        return new Table("kpis", "考核指标 KPIs against the plan's targets",
                List.of("kpi", "name", "value_pct", "numerator", "denominator", "target_pct", "meets_target", "no_data"), rows);
    }

    private static Table batchesByPlant(List<SiteFacts> sites, Map<String, long[]> passRate) {
        List<List<Object>> rows = new ArrayList<>();
        for (SiteFacts s : sites) {
            Map<String, Map<String, Long>> byMethod = new TreeMap<>();
            for (JsonObject v : s.verdicts()) {
                byMethod.computeIfAbsent(v.getString("method", "?"), m -> new LinkedHashMap<>())
                        .merge(v.getString("verdict"), 1L, Long::sum);
            }
            long plantCompliant = 0;
            long plantAll = 0;
            for (Map.Entry<String, Map<String, Long>> e : byMethod.entrySet()) {
                Map<String, Long> counts = e.getValue();
                long all = counts.values().stream().mapToLong(Long::longValue).sum();
                long compliant = counts.getOrDefault("compliant", 0L);
                plantCompliant += compliant;
                plantAll += all;
                List<Object> r = row(s.site().id(), s.site().name(), e.getKey(), all);
                VERDICTS.forEach(v -> r.add(counts.getOrDefault(v, 0L)));
                r.add(percent((double) compliant / all));
                rows.add(r);
            }
            if (plantAll > 0) {
                // two plants may share a name: the chart keeps them apart
                String label = passRate.containsKey(s.site().name()) ? s.site().name() + " (" + s.site().id() + ")" : s.site().name();
                passRate.put(label, new long[]{plantCompliant, plantAll});
            }
        }
        List<String> columns = new ArrayList<>(List.of("site", "site_name", "method", "batches"));
        columns.addAll(VERDICTS);
        columns.add("pass_rate_pct");
        return new Table("batches_by_plant", "消毒批次合格率 Disinfection batches by plant and method", columns, rows);
    }

    private static Table batches(List<SiteFacts> sites, ReportPeriod period) {
        List<List<Object>> rows = new ArrayList<>();
        for (SiteFacts s : sites) {
            for (JsonObject v : s.verdicts()) {
                rows.add(row(s.site().id(), v.getString("device"), v.getString("batch"), v.getString("method"),
                        period.time(v.getLong("start")), period.time(v.getLong("end")), v.getString("verdict"),
                        v.getDouble("held_s"), v.getDouble("required_s"), v.getDouble("max_value"), v.getString("deliver_to")));
            }
        }
        return new Table("batches", "消毒批次记录 Every disinfection batch",
                List.of("site", "device", "batch", "method", "start", "end", "verdict", "held_s", "required_s", "max_value", "deliver_to"), rows);
    }

    /**
     * The longest a bin of the site waited for collection within the period: from the period's start (or the bin's
     * collection before it, not known here: the start) to its first collection, between collections, and from its last
     * to the period's end (or now, for a period still running). A bin never collected waited the whole period.
     */
    static long longestWait(SiteFacts s, ReportPeriod period, long now) {
        long end = Math.min(period.to(), Math.max(period.from(), now));
        long longest = 0;
        for (RegisteredDevice bin : s.devices()) {
            if (bin.kind() != DeviceKind.WASTE_BIN) {
                continue;
            }
            long previous = period.from();
            for (JsonObject c : s.collections()) {
                if (bin.id().equals(c.getString("device"))) {
                    long ts = c.getLong("ts");
                    longest = Math.max(longest, ts - previous);
                    previous = ts;
                }
            }
            longest = Math.max(longest, end - previous);
        }
        return longest;
    }

    private static Table wasteCollection(List<SiteFacts> sites, List<Alert> alerts, ReportPeriod period, long now) {
        List<List<Object>> rows = new ArrayList<>();
        for (SiteFacts s : sites) {
            if (!s.has(DeviceKind.WASTE_BIN)) {
                continue;
            }
            long bins = s.devices().stream().filter(d -> d.kind() == DeviceKind.WASTE_BIN).count();
            double kg = s.collections().stream().mapToDouble(c -> c.getDouble("weight_kg", 0.0)).sum();
            long longestGap = longestWait(s, period, now);
            long overdue = alerts.stream().filter(a -> a.site().equals(s.site().id()) && a.type() == AlertType.WASTE_COLLECTION_OVERDUE).count();
            rows.add(row(s.site().id(), s.site().name(), bins, s.collections().size(), round1(kg),
                    round1(longestGap / HOUR_MS), overdue, overdue == 0 ? "yes" : "no"));
        }
        return new Table("waste_collection", "餐厨垃圾收运 Food-waste collection and punctuality",
                List.of("site", "site_name", "bins", "collections", "collected_kg", "longest_wait_h", "overdue_alerts", "on_time"), rows);
    }

    private static Table wasteLedger(List<SiteFacts> sites, ReportPeriod period) {
        List<List<Object>> rows = new ArrayList<>();
        for (SiteFacts s : sites) {
            for (JsonObject c : s.collections()) {
                rows.add(row(s.site().id(), c.getString("device"), period.time(c.getLong("ts")), c.getDouble("weight_kg"),
                        c.getValue("by") == null ? null : String.valueOf(c.getValue("by"))));
            }
        }
        return new Table("waste_ledger", "餐厨垃圾台账 Food-waste ledger", List.of("site", "device", "time", "weight_kg", "by"), rows);
    }

    private static Table separators(List<SiteFacts> sites, List<Alert> alerts, ReportPeriod period) {
        List<List<Object>> rows = new ArrayList<>();
        for (SiteFacts s : sites) {
            for (RegisteredDevice d : s.devices()) {
                if (d.kind() != DeviceKind.OIL_SEPARATOR) {
                    continue;
                }
                List<Long> pumps = s.pumpOuts().stream().filter(p -> d.id().equals(p.getString("device"))).map(p -> p.getLong("ts")).toList();
                rows.add(row(s.site().id(), d.id(), pumps.size(), pumps.isEmpty() ? null : period.time(pumps.get(pumps.size() - 1)),
                        count(alerts, d.id(), AlertType.GREASE_LEVEL_WARNING), count(alerts, d.id(), AlertType.GREASE_LEVEL_ALARM),
                        count(alerts, d.id(), AlertType.EFFLUENT_OIL_HIGH), count(alerts, d.id(), AlertType.PUMP_OUT_OVERDUE)));
            }
        }
        return new Table("separators", "油水分离器 Oil-water separators: pump-outs and grease alarms",
                List.of("site", "device", "pump_outs", "last_pump_out", "grease_warnings", "grease_alarms", "effluent_alerts", "pump_out_overdue"), rows);
    }

    private static Table cameras(List<SiteFacts> sites) {
        List<List<Object>> rows = new ArrayList<>();
        for (SiteFacts s : sites) {
            for (RegisteredDevice d : s.devices()) {
                CameraUptime uptime = s.cameraByDevice().get(d.id());
                if (uptime != null) {
                    boolean noFrames = uptime.framesAnalysed() == 0;
                    rows.add(row(s.site().id(), d.id(), d.zone().map(Zone::wireName).orElse(null),
                            noFrames ? null : percent(uptime.healthyShare()),
                            noFrames ? "no frames" : uptime.healthyShare() >= 0.95 - 1e-12 ? "yes" : "no"));
                }
            }
        }
        return new Table("cameras", "视频监控 Camera coverage and video intact rate",
                List.of("site", "device", "zone", "healthy_pct", "healthy_95pct"), rows);
    }

    private static Table alertsByType(List<Alert> alerts, ReportPeriod period, Map<String, long[]> chart) {
        Map<String, List<Alert>> groups = new TreeMap<>();
        for (Alert a : alerts) {
            groups.computeIfAbsent(a.type().wireName() + "\u0000" + a.severity().name().toLowerCase(), k -> new ArrayList<>()).add(a);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<String, List<Alert>> e : groups.entrySet()) {
            String[] key = e.getKey().split("\u0000");
            List<Object> r = row(key[0], key[1]);
            long[] openedClosed = alertFigures(e.getValue(), period, r);
            rows.add(r);
            chart.merge(key[0], openedClosed, (x, y) -> new long[]{x[0] + y[0], x[1] + y[1]});
        }
        List<Object> total = row("all", "");
        alertFigures(alerts, period, total);
        rows.add(total);
        return new Table("alerts", "告警处置 Alerts opened, closed and open at the end, with time to close",
                List.of("type", "severity", "opened", "closed", "open_at_end", "median_h_to_close", "worst_h_to_close"), rows);
    }

    /** Appends opened, closed, open at end, median and worst hours to close; answers {opened, closed}. */
    private static long[] alertFigures(List<Alert> alerts, ReportPeriod period, List<Object> into) {
        long opened = alerts.stream().filter(a -> a.opened() >= period.from() && a.opened() < period.to()).count();
        List<Long> toClose = new ArrayList<>();
        long openAtEnd = 0;
        for (Alert a : alerts) {
            OptionalLong closed = a.closedAt();
            if (closed.isPresent() && closed.getAsLong() >= period.from() && closed.getAsLong() < period.to()) {
                toClose.add(closed.getAsLong() - a.opened());
            }
            if (a.opened() < period.to() && (closed.isEmpty() || closed.getAsLong() >= period.to())) {
                openAtEnd++;
            }
        }
        toClose.sort(Comparator.naturalOrder());
        into.add(opened);
        into.add((long) toClose.size());
        into.add(openAtEnd);
        into.add(toClose.isEmpty() ? null : round1(median(toClose) / HOUR_MS));
        into.add(toClose.isEmpty() ? null : round1(toClose.get(toClose.size() - 1) / HOUR_MS));
        return new long[]{opened, toClose.size()};
    }

    private static double median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static long count(List<Alert> alerts, String device, AlertType type) {
        return alerts.stream().filter(a -> a.device().equals(device) && a.type() == type).count();
    }

    private static List<Object> row(Object... cells) {
        List<Object> r = new ArrayList<>(cells.length + 8);
        for (Object c : cells) {
            r.add(c);
        }
        return r;
    }

    private static double percent(double ratio) {
        return Math.round(ratio * 1000) / 10.0;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
