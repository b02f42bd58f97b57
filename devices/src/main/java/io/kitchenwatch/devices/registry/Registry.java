package io.kitchenwatch.devices.registry;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The known regions, organizations, sites and devices, as of now. Each version is immutable and indexed (a lookup
 * costs what it returns, not the size of a province); {@link #replaceWith} swaps in a newer one at once, so every
 * part of the node that holds the registry sees a change without a restart. A single call reads one version; a
 * caller that needs several lookups to agree takes {@link #document} or reads them in one go.
 */
public final class Registry {
    private volatile RegistryContents contents;
    /** The registry as its file would say it: what edits start from and exports give. */
    private volatile JsonObject document;
    private final List<Consumer<Registry>> listeners = new CopyOnWriteArrayList<>();

    Registry(RegistryContents contents, JsonObject document) {
        this.contents = contents;
        this.document = document;
    }

    /** Takes {@code newer}'s version as this registry's and tells the listeners, in the order they registered. */
    public synchronized void replaceWith(Registry newer) {
        this.contents = newer.contents;
        this.document = newer.document;
        listeners.forEach(l -> l.accept(this));
    }

    /** Called after each {@link #replaceWith}, on the thread that replaced it. */
    public void onChange(Consumer<Registry> listener) {
        listeners.add(listener);
    }

    /** A copy of the registry in the file's form. */
    public JsonObject document() {
        return document.copy();
    }

    public Optional<Site> site(String id) {
        return contents.site(id);
    }

    public Optional<RegisteredDevice> device(String id) {
        return contents.device(id);
    }

    public Optional<Region> region(String id) {
        return contents.region(id);
    }

    public Optional<Organization> organization(String id) {
        return contents.organization(id);
    }

    /** Every site, by id. */
    public List<Site> sites() {
        return contents.sites();
    }

    /** Every device, by id. */
    public List<RegisteredDevice> devices() {
        return contents.devices();
    }

    /** The devices of a site, by id. */
    public List<RegisteredDevice> devicesOf(String site) {
        return contents.devicesOf(site);
    }

    /** The sites of a region, including those of the towns below it, by id. */
    public List<Site> sitesIn(String region) {
        return contents.sitesIn(region);
    }

    /** The regions directly below {@code region}, by id. */
    public List<Region> regionsUnder(String region) {
        return contents.regionsUnder(region);
    }

    /** The regions at the top (no parent), by id. */
    public List<Region> topRegions() {
        return contents.topRegions();
    }

    /** The sites of an organization, by id. */
    public List<Site> sitesOf(String organization) {
        return contents.sitesOf(organization);
    }

    /** Whether the site lies in {@code region} or a region below it. Costs the depth of the regions, not their number. */
    public boolean isIn(Site site, String region) {
        return contents.isIn(site, region);
    }

    /** Whether {@code region} is {@code ancestor} or lies below it. */
    public boolean isWithin(String region, String ancestor) {
        return contents.isWithin(region, ancestor);
    }

    /**
     * The statistical checks configured per device kind (kind name → list of field detectors as written in the
     * file); a kind listed here replaces its built-in profile. Interpreted by analytics.
     */
    public Map<String, List<Map<String, Object>>> anomalyProfiles() {
        return contents.anomalyProfiles();
    }

    public List<Region> regions() {
        return contents.regions();
    }

    public List<Organization> organizations() {
        return contents.organizations();
    }
}
