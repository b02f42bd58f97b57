package io.kitchenwatch.devices.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of the registry: its regions, organizations, sites and devices, immutable. Lists and the indexes by
 * site, organization and region are built once, so a lookup costs what it returns, not the size of the registry (a
 * province has 100,000 devices).
 */
final class RegistryContents {
    private final Map<String, Region> regions;
    private final Map<String, Organization> organizations;
    private final Map<String, Site> sites;
    private final Map<String, RegisteredDevice> devices;
    private final Map<String, List<Map<String, Object>>> anomalyProfiles;
    private final List<Site> sortedSites;
    private final List<RegisteredDevice> sortedDevices;
    private final Map<String, List<RegisteredDevice>> devicesBySite;
    /** Each region's sites, including those of the regions below it. */
    private final Map<String, List<Site>> sitesByRegion;
    private final Map<String, List<Site>> sitesByOrganization;
    /** Each region with the regions above it (itself first). */
    private final Map<String, Set<String>> regionAndAbove;
    /** Each region's direct children, by id; regions without a (known) parent under {@link #TOP}. */
    private final Map<String, List<Region>> childRegions;
    private static final String TOP = "";

    RegistryContents(Collection<Region> regions, Collection<Organization> organizations, Collection<Site> sites,
             Collection<RegisteredDevice> devices, Map<String, List<Map<String, Object>>> anomalyProfiles) {
        this.anomalyProfiles = Map.copyOf(anomalyProfiles);
        this.regions = index(regions, Region::id);
        this.organizations = index(organizations, Organization::id);
        this.sites = index(sites, Site::id);
        this.devices = index(devices, RegisteredDevice::id);
        this.sortedSites = this.sites.values().stream().sorted(Comparator.comparing(Site::id)).toList();
        this.sortedDevices = this.devices.values().stream().sorted(Comparator.comparing(RegisteredDevice::id)).toList();
        Map<String, List<RegisteredDevice>> bySite = new HashMap<>();
        sortedDevices.forEach(d -> bySite.computeIfAbsent(d.site(), k -> new ArrayList<>()).add(d));
        this.devicesBySite = freeze(bySite);
        Map<String, List<Site>> byRegion = new HashMap<>();
        for (Site site : sortedSites) {
            Set<String> seen = new HashSet<>(); // a cycle in the parents must not loop forever
            for (String r = site.region(); r != null && seen.add(r); r = region(r).map(Region::parent).orElse(null)) {
                byRegion.computeIfAbsent(r, k -> new ArrayList<>()).add(site);
            }
        }
        this.sitesByRegion = freeze(byRegion);
        Map<String, List<Site>> byOrganization = new HashMap<>();
        sortedSites.forEach(s -> byOrganization.computeIfAbsent(s.organization(), k -> new ArrayList<>()).add(s));
        this.sitesByOrganization = freeze(byOrganization);
        Map<String, Set<String>> above = new HashMap<>();
        for (String region : this.regions.keySet()) {
            Set<String> chain = new java.util.LinkedHashSet<>();
            for (String r = region; r != null && chain.add(r); r = region(r).map(Region::parent).orElse(null)) {
                // a cycle in the parents ends the chain
            }
            above.put(region, Set.copyOf(chain));
        }
        this.regionAndAbove = Map.copyOf(above);
        Map<String, List<Region>> children = new HashMap<>();
        this.regions.values().stream().sorted(Comparator.comparing(Region::id)).forEach(r -> children.computeIfAbsent(
                r.parent() != null && this.regions.containsKey(r.parent()) ? r.parent() : TOP, k -> new ArrayList<>()).add(r));
        this.childRegions = freeze(children);
    }

    private static <T> Map<String, List<T>> freeze(Map<String, List<T>> lists) {
        Map<String, List<T>> frozen = new HashMap<>();
        lists.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return Map.copyOf(frozen);
    }

    private static <T> Map<String, T> index(Collection<T> items, Function<T, String> id) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(i -> map.put(id.apply(i), i));
        return Map.copyOf(map);
    }

    Optional<Site> site(String id) {
        return Optional.ofNullable(sites.get(id));
    }

    Optional<RegisteredDevice> device(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    Optional<Region> region(String id) {
        return Optional.ofNullable(regions.get(id));
    }

    Optional<Organization> organization(String id) {
        return Optional.ofNullable(organizations.get(id));
    }

    /** Every site, by id. */
    List<Site> sites() {
        return sortedSites;
    }

    /** Every device, by id. */
    List<RegisteredDevice> devices() {
        return sortedDevices;
    }

    /** The devices of a site, by id. */
    List<RegisteredDevice> devicesOf(String site) {
        return devicesBySite.getOrDefault(site, List.of());
    }

    /** The sites of a region, including those of the towns below it, by id. */
    List<Site> sitesIn(String region) {
        return sitesByRegion.getOrDefault(region, List.of());
    }

    /** The regions directly below {@code region}, by id. */
    List<Region> regionsUnder(String region) {
        return childRegions.getOrDefault(region, List.of());
    }

    /** The regions at the top (no parent), by id. */
    List<Region> topRegions() {
        return childRegions.getOrDefault(TOP, List.of());
    }

    /** The sites of an organization, by id. */
    List<Site> sitesOf(String organization) {
        return sitesByOrganization.getOrDefault(organization, List.of());
    }

    /** Whether the site lies in {@code region} or a region below it. Costs the depth of the regions, not their number. */
    boolean isIn(Site site, String region) {
        return isWithin(site.region(), region);
    }

    /** Whether {@code region} is {@code ancestor} or lies below it. */
    boolean isWithin(String region, String ancestor) {
        return regionAndAbove.getOrDefault(region, Set.of()).contains(ancestor);
    }

    /**
     * The statistical checks configured per device kind (kind name → list of field detectors as written in the
     * file); a kind listed here replaces its built-in profile. Interpreted by analytics.
     */
    Map<String, List<Map<String, Object>>> anomalyProfiles() {
        return anomalyProfiles;
    }

    List<Region> regions() {
        return regions.values().stream().sorted(Comparator.comparing(Region::id)).toList();
    }

    List<Organization> organizations() {
        return organizations.values().stream().sorted(Comparator.comparing(Organization::id)).toList();
    }
}
