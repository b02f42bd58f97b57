package io.kitchenwatch.devices.registry;

import io.kitchenwatch.devices.wire.TopicScheme;
import java.util.LinkedHashMap;
import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.model.Identifiers;
import io.kitchenwatch.devices.model.SiteKind;
import io.kitchenwatch.devices.model.Zone;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a registry file (JSON, meant to be kept in git; see {@code docs/registry.md}). Every mistake is reported with
 * where it is, and all of them at once, so a person can fix the file in one go.
 */
public final class RegistryLoader {
    public static final String SAMPLE_RESOURCE = "/registry/tiantai-demo.json";
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private RegistryLoader() {
    }

    public static Registry load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read registry " + file, e);
        }
    }

    /** The demo county that ships with KitchenWatch (Tiantai County and its towns). */
    public static Registry sample() {
        try (InputStream in = RegistryLoader.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("sample registry " + SAMPLE_RESOURCE + " is missing from the jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), SAMPLE_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Registry parse(String text, String source) {
        JsonObject root;
        try {
            root = new JsonObject(text);
        } catch (DecodeException e) {
            throw new InvalidRegistryException(source, List.of(RegistryProblem.general("not valid JSON: " + e.getMessage())));
        }
        List<RegistryProblem> errors = new ArrayList<>();
        List<Region> regions = new ArrayList<>();
        List<Organization> organizations = new ArrayList<>();
        List<Site> sites = new ArrayList<>();
        List<RegisteredDevice> devices = new ArrayList<>();
        Set<String> regionIds = new HashSet<>();
        Set<String> orgIds = new HashSet<>();
        Set<String> siteIds = new HashSet<>();
        Set<String> deviceIds = new HashSet<>();

        List<JsonObject> regionItems = objects(root, "regions", errors);
        for (int i = 0; i < regionItems.size(); i++) {
            JsonObject r = regionItems.get(i);
            Item item = new Item("region", r, null, i);
            String id = item.validId(errors);
            if (id != null && !regionIds.add(id)) {
                item.problem(errors, "id", "region '" + id + "' is listed twice");
            }
            regions.add(new Region(id, r.getString("name", id), r.getString("parent"), rules(item, errors)));
        }
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            if (r.parent() != null && !regionIds.contains(r.parent())) {
                new Item("region", regionItems.get(i), null, i).problem(errors, "parent",
                        "region '" + r.id() + "' has unknown parent '" + r.parent() + "'");
            }
        }
        List<JsonObject> orgItems = objects(root, "organizations", errors);
        for (int i = 0; i < orgItems.size(); i++) {
            JsonObject o = orgItems.get(i);
            Item item = new Item("organization", o, null, i);
            String id = item.validId(errors);
            if (id != null && !orgIds.add(id)) {
                item.problem(errors, "id", "organization '" + id + "' is listed twice");
            }
            organizations.add(new Organization(id, o.getString("name", id), o.getString("kind", "other")));
        }
        List<JsonObject> siteItems = objects(root, "sites", errors);
        for (int i = 0; i < siteItems.size(); i++) {
            JsonObject s = siteItems.get(i);
            Item item = new Item("site", s, null, i);
            String id = item.validId(errors);
            String where = "site '" + id + "'";
            if (id != null && !siteIds.add(id)) {
                item.problem(errors, "id", where + " is listed twice");
            }
            if (TopicScheme.ALERTS_LEVEL.equals(id)) {
                // its devices' topics would be the backend's alert topics, which downstream systems trust
                item.problem(errors, "id", where + ": 'alerts' is reserved for the backend's alert topics");
            }
            Optional<SiteKind> kind = SiteKind.fromWire(s.getString("kind", ""));
            if (kind.isEmpty()) {
                item.problem(errors, "kind", where + ": kind '" + s.getString("kind") + "' is not one of school_canteen, restaurant, disinfection_plant");
            }
            String org = s.getString("organization");
            if (!orgIds.contains(org)) {
                item.problem(errors, "organization", where + ": unknown organization '" + org + "'");
            }
            String region = s.getString("region");
            if (!regionIds.contains(region)) {
                item.problem(errors, "region", where + ": unknown region '" + region + "'");
            }
            WorkingHours hours = workingHours(item, errors);
            sites.add(new Site(id, s.getString("name", id), kind.orElse(null), org, region, hours, rules(item, errors)));
            List<JsonObject> deviceItems = objects(s, "devices", errors);
            for (int d = 0; d < deviceItems.size(); d++) {
                Item deviceItem = new Item("device", deviceItems.get(d), id, d);
                RegisteredDevice device = device(deviceItem, errors);
                if (device != null && !deviceIds.add(device.id())) {
                    deviceItem.problem(errors, "id", "device '" + device.id() + "' is listed twice");
                }
                if (device != null) {
                    devices.add(device);
                }
            }
        }
        Map<String, List<Map<String, Object>>> profiles = anomalyProfiles(root, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRegistryException(source, errors);
        }
        return new Registry(new RegistryContents(regions, organizations, sites, devices, profiles), root);
    }

    /** An item of the file being read, so each problem says which item and field it is about. */
    private record Item(String type, JsonObject json, String site, int position) {
        void problem(List<RegistryProblem> errors, String field, String message) {
            Object id = json.getValue("id");
            errors.add(new RegistryProblem(message, type, id == null ? null : String.valueOf(id), site, position, field));
        }

        String validId(List<RegistryProblem> errors) {
            Object id = json.getValue("id");
            if (!(id instanceof String s) || !Identifiers.isValidId(s)) {
                problem(errors, "id", type + " id '" + id + "' must match " + Identifiers.ID.pattern());
                return null;
            }
            return s;
        }

        String where() {
            String id = "'" + json.getValue("id") + "'";
            return type.equals("device") ? "device " + id + " of site '" + site + "'" : type + " " + id;
        }
    }

    private static RegisteredDevice device(Item item, List<RegistryProblem> errors) {
        JsonObject d = item.json();
        String id = item.validId(errors);
        String where = item.where();
        Optional<DeviceKind> kind = DeviceKind.fromWire(d.getString("kind", ""));
        if (kind.isEmpty()) {
            item.problem(errors, "kind", where + ": kind '" + d.getString("kind") + "' is not a device kind");
            return null;
        }
        Optional<Zone> zone = Optional.empty();
        if (d.containsKey("zone")) {
            zone = Zone.fromWire(d.getString("zone", ""));
            if (zone.isEmpty()) {
                item.problem(errors, "zone", where + ": zone '" + d.getValue("zone") + "' is not a zone");
            }
        } else if (kind.get() == DeviceKind.CAMERA) {
            item.problem(errors, "zone", where + ": a camera needs the zone it watches");
        }
        Duration interval = DEFAULT_INTERVAL;
        Object seconds = d.getValue("interval_s");
        if (seconds != null) {
            if (!(seconds instanceof Number n) || !(n.doubleValue() > 0 && n.doubleValue() <= 86_400)) {
                item.problem(errors, "interval_s", where + ": interval_s must be a number of seconds in (0, 86400]");
            } else {
                interval = Duration.ofMillis(Math.round(n.doubleValue() * 1000));
            }
        }
        JsonObject settings = d.getJsonObject("settings", new JsonObject());
        return id == null ? null : new RegisteredDevice(id, item.site(), kind.get(), zone, interval, settings.getMap());
    }

    private static Map<String, List<Map<String, Object>>> anomalyProfiles(JsonObject root, List<RegistryProblem> errors) {
        Object value = root.getValue("anomaly_profiles");
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof JsonObject byKind)) {
            errors.add(RegistryProblem.general("'anomaly_profiles' must map a device kind to a list of field detectors"));
            return Map.of();
        }
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (String kind : byKind.fieldNames()) {
            if (DeviceKind.fromWire(kind).isEmpty()) {
                errors.add(RegistryProblem.general("anomaly_profiles: '" + kind + "' is not a device kind"));
                continue;
            }
            List<Map<String, Object>> detectors = new ArrayList<>();
            for (JsonObject d : objects(byKind, kind, errors)) {
                detectors.add(d.getMap());
            }
            out.put(kind, detectors);
        }
        return out;
    }

    private static Map<String, Double> rules(Item item, List<RegistryProblem> errors) {
        Object value = item.json().getValue("rules");
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof JsonObject rules)) {
            item.problem(errors, "rules", item.where() + ": 'rules' must be an object of setting -> number");
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : rules) {
            if (e.getValue() instanceof Number n && Double.isFinite(n.doubleValue())) {
                out.put(e.getKey(), n.doubleValue());
            } else {
                item.problem(errors, "rules", item.where() + ": rule setting '" + e.getKey() + "' must be a number");
            }
        }
        return out;
    }

    private static WorkingHours workingHours(Item item, List<RegistryProblem> errors) {
        JsonObject s = item.json();
        String field = "timezone";
        try {
            ZoneId zone = ZoneId.of(s.getString("timezone", "Asia/Shanghai"));
            field = "working_hours";
            JsonArray hours = s.getJsonArray("working_hours", new JsonArray().add("00:00-23:59"));
            List<String> specs = new ArrayList<>();
            hours.forEach(h -> specs.add(String.valueOf(h)));
            return WorkingHours.parse(zone, specs);
        } catch (DateTimeException | IllegalArgumentException | ClassCastException e) {
            item.problem(errors, field, item.where() + ": bad " + field + ": " + e.getMessage());
            return null;
        }
    }

    private static List<JsonObject> objects(JsonObject parent, String key, List<RegistryProblem> errors) {
        Object value = parent.getValue(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            errors.add(RegistryProblem.general("'" + key + "' must be a list"));
            return List.of();
        }
        List<JsonObject> out = new ArrayList<>();
        for (Object item : array) {
            if (item instanceof JsonObject o) {
                out.add(o);
            } else if (item instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) m;
                out.add(new JsonObject(map));
            } else {
                errors.add(RegistryProblem.general("'" + key + "' must hold objects, found " + item));
            }
        }
        return out;
    }
}
