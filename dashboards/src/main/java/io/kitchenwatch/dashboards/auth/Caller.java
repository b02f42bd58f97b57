package io.kitchenwatch.dashboards.auth;

import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;

import java.util.List;

/**
 * Who is calling and what they may see: a role and its scope (an organization for canteens and companies, a region
 * for regulators, nothing for admins).
 */
public record Caller(String name, Role role, String scope) {
    public boolean sees(Site site, Registry registry) {
        return switch (role) {
            case ADMIN -> true;
            case REGULATOR -> registry.sitesIn(scope).stream().anyMatch(s -> s.id().equals(site.id()));
            case CANTEEN, COMPANY -> site.organization().equals(scope);
        };
    }

    /** A site id in scope; unknown sites (unregistered devices) are only for admins. */
    public boolean seesSite(String siteId, Registry registry) {
        return registry.site(siteId).map(s -> sees(s, registry)).orElse(role == Role.ADMIN);
    }

    public List<Site> sites(Registry registry) {
        return registry.sites().stream().filter(s -> sees(s, registry)).toList();
    }
}
