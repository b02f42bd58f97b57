package io.kitchenwatch.dashboards.reports;

import io.kitchenwatch.analytics.kpi.Kpi;

import java.util.List;
import java.util.Map;

/**
 * A built report: every figure, as tables that each format renders the same way, and what its charts draw.
 *
 * @param passRateByPlant  plant name → {compliant, all} batches
 * @param alertsByType     alert type → {opened, closed} in the period
 */
public record Report(String title, ReportScope scope, ReportPeriod period, long generatedAt, List<Kpi> kpis,
                     List<Table> tables, Map<String, long[]> passRateByPlant, Map<String, long[]> alertsByType) {
    public Report {
        tables = List.copyOf(tables);
        kpis = List.copyOf(kpis);
    }

    public Table table(String id) {
        return tables.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + id));
    }
}
