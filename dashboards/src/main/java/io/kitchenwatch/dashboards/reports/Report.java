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

    /** How the header names the report's scope and period; a period still running says so. */
    public String meta() {
        String running = period.to() > generatedAt ? " · 截至 so far, until " + period.time(generatedAt) : "";
        return scope.label() + " · " + period.label() + " (" + period.zone().getId() + ")" + running + " · "
                + scope.sites().size() + " sites · generated " + period.time(generatedAt);
    }

    public Table table(String id) {
        return tables.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + id));
    }
}
