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
            case REGULATOR -> registry.isIn(site, scope);
            case CANTEEN, COMPANY -> site.organization().equals(scope);
        };
    }

    /** A site id in scope; unknown sites (unregistered devices) are only for admins. */
    public boolean seesSite(String siteId, Registry registry) {
        return registry.site(siteId).map(s -> sees(s, registry)).orElse(role == Role.ADMIN);
    }

    /** The sites in scope, by id, from the registry's indexes (what they return, not a pass over every site). */
    public List<Site> sites(Registry registry) {
        return switch (role) {
            case ADMIN -> registry.sites();
            case REGULATOR -> registry.sitesIn(scope);
            case CANTEEN, COMPANY -> registry.sitesOf(scope);
        };
    }
}
