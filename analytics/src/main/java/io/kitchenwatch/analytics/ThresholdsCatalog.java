package io.kitchenwatch.analytics;

import io.kitchenwatch.devices.registry.Region;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The thresholds of every site: the defaults, overridden by each region from the county down to the site's town,
 * then by the site itself. Built once from the registry; a bad override key fails the start with its place.
 */
public final class ThresholdsCatalog {
    private volatile Map<String, Thresholds> bySite;
    private final Thresholds defaults;

    public ThresholdsCatalog(Registry registry, Thresholds defaults) {
        this.defaults = defaults;
        this.bySite = build(registry, defaults);
        // a changed registry was checked with a catalog of its own before it was taken, so this cannot fail
        registry.onChange(changed -> bySite = build(changed, defaults));
    }

    private static Map<String, Thresholds> build(Registry registry, Thresholds defaults) {
        Map<String, Thresholds> bySite = new HashMap<>();
        for (Site site : registry.sites()) {
            Deque<Region> chain = new ArrayDeque<>();
            String r = site.region();
            while (r != null) {
                Region region = registry.region(r).orElse(null);
                if (region == null) {
                    break;
                }
                chain.push(region);
                r = region.parent();
            }
            Thresholds t = defaults;
            try {
                for (Region region : chain) {
                    t = t.with(region.rules());
                }
                bySite.put(site.id(), t.with(site.rules()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rules of site " + site.id() + " or its regions: " + e.getMessage(), e);
            }
        }
        return bySite;
    }

    public Thresholds forSite(String site) {
        return bySite.getOrDefault(site, defaults);
    }
}
