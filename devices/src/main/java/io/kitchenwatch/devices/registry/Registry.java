package io.kitchenwatch.devices.registry;

import java.util.function.Function;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The known regions, organizations, sites and devices. Immutable; load a new one to change it. */
public final class Registry {
    private final Map<String, Region> regions;
    private final Map<String, Organization> organizations;
    private final Map<String, Site> sites;
    private final Map<String, RegisteredDevice> devices;
    private final Map<String, List<Map<String, Object>>> anomalyProfiles;

    Registry(Collection<Region> regions, Collection<Organization> organizations, Collection<Site> sites,
             Collection<RegisteredDevice> devices, Map<String, List<Map<String, Object>>> anomalyProfiles) {
        this.anomalyProfiles = Map.copyOf(anomalyProfiles);
        this.regions = index(regions, Region::id);
        this.organizations = index(organizations, Organization::id);
        this.sites = index(sites, Site::id);
        this.devices = index(devices, RegisteredDevice::id);
    }

    private static <T> Map<String, T> index(Collection<T> items, Function<T, String> id) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(i -> map.put(id.apply(i), i));
        return Map.copyOf(map);
    }

    public Optional<Site> site(String id) {
        return Optional.ofNullable(sites.get(id));
    }

    public Optional<RegisteredDevice> device(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    public Optional<Region> region(String id) {
        return Optional.ofNullable(regions.get(id));
    }

    public Optional<Organization> organization(String id) {
        return Optional.ofNullable(organizations.get(id));
    }

    public List<Site> sites() {
        return sites.values().stream().sorted(Comparator.comparing(Site::id)).toList();
    }

    public List<RegisteredDevice> devices() {
        return devices.values().stream().sorted(Comparator.comparing(RegisteredDevice::id)).toList();
    }

    public List<RegisteredDevice> devicesOf(String site) {
        return devices().stream().filter(d -> d.site().equals(site)).toList();
    }

    /** The sites of a region, including those of the towns below it. */
    public List<Site> sitesIn(String region) {
        return sites().stream().filter(s -> within(s.region(), region)).toList();
    }

    private boolean within(String region, String ancestor) {
        for (String r = region; r != null; r = region(r).map(Region::parent).orElse(null)) {
            if (r.equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The statistical checks configured per device kind (kind name → list of field detectors as written in the
     * file); a kind listed here replaces its built-in profile. Interpreted by analytics.
     */
    public Map<String, List<Map<String, Object>>> anomalyProfiles() {
        return anomalyProfiles;
    }

    public List<Region> regions() {
        return regions.values().stream().sorted(Comparator.comparing(Region::id)).toList();
    }

    public List<Organization> organizations() {
        return organizations.values().stream().sorted(Comparator.comparing(Organization::id)).toList();
    }
}
