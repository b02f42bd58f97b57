package io.kitchenwatch.dashboards.reports;

import io.kitchenwatch.devices.registry.Site;

import java.util.List;

/**
 * What a report covers: a region (with its towns), an organization, one site, or (admins) everything.
 *
 * @param kind  {@code region}, {@code organization}, {@code site} or {@code all}
 * @param id    the region, organization or site id; {@code all} for everything
 */
public record ReportScope(String kind, String id, String name, List<Site> sites) {
    public ReportScope {
        sites = List.copyOf(sites);
    }

    public String label() {
        return name.equals(id) ? name : name + " (" + id + ")";
    }
}
