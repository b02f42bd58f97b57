package io.kitchenwatch.devices.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Edits to a registry, checked exactly as its file is: the changes are made to the registry's document and the result
 * is loaded by {@link RegistryLoader}, so a change is refused for every reason a file would be, and all the reasons
 * are given at once. A change is {@code {"op": "put", "type": "region|organization|site|device", "value": {...}}}
 * (added, or replacing the one with its id; a device names its {@code site}; a site put without {@code devices} keeps
 * its devices) or {@code {"op": "retire", "type": ..., "id": ...}} (a site goes with its devices).
 */
public final class RegistryChanges {
    static final Set<String> TYPES = Set.of("region", "organization", "site", "device");

    private RegistryChanges() {
    }

    /** What the changes make of {@code current}: the new registry, or every problem found. */
    public record Outcome(Registry registry, List<RegistryProblem> details) {
        public boolean ok() {
            return details.isEmpty();
        }

        public List<String> problems() {
            return details.stream().map(RegistryProblem::message).toList();
        }
    }

    public static Outcome apply(Registry current, JsonArray changes) {
        Editable document = new Editable(current.document());
        List<RegistryProblem> problems = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Change where = new Change(i, changes.getValue(i) instanceof JsonObject c ? c : new JsonObject());
            if (!(changes.getValue(i) instanceof JsonObject change)) {
                problems.add(where.problem(null, "not an object"));
                continue;
            }
            String type = change.getValue("type") instanceof String t ? t : null;
            if (type == null || !TYPES.contains(type)) {
                problems.add(where.problem("type", "type must be one of region, organization, site, device"));
                continue;
            }
            Object op = change.getValue("op");
            if ("put".equals(op)) {
                put(document, type, change.getValue("value"), where, problems);
            } else if ("retire".equals(op)) {
                retire(document, type, change.getValue("id"), where, problems);
            } else {
                problems.add(where.problem("op", "op must be put or retire"));
            }
        }
        // the changes that could be made are loaded too, so what the file would refuse of them is listed with the rest
        try {
            Registry changed = RegistryLoader.parse(document.toDocument().encode(), "the changed registry");
            return new Outcome(problems.isEmpty() ? changed : null, problems);
        } catch (InvalidRegistryException e) {
            e.details().forEach(p -> problems.add(p.causedBy(causeOf(p, changes))));
            return new Outcome(null, problems);
        }
    }

    /**
     * The last change about the problem's item (for a device, else the last put of its site with its devices), or -1:
     * a problem of the registry that no change touched.
     */
    private static int causeOf(RegistryProblem problem, JsonArray changes) {
        int about = lastChangeOf(problem.type(), problem.id(), changes);
        return about >= 0 || !"device".equals(problem.type()) ? about : lastChangeOf("site", problem.site(), changes);
    }

    private static int lastChangeOf(String type, String id, JsonArray changes) {
        for (int i = changes.size() - 1; i >= 0; i--) {
            if (type != null && id != null && changes.getValue(i) instanceof JsonObject c && type.equals(c.getValue("type"))
                    && id.equals(String.valueOf(idOf(c)))) {
                return i;
            }
        }
        return -1;
    }

    private static Object idOf(JsonObject change) {
        return change.getValue("value") instanceof JsonObject v ? v.getValue("id") : change.getValue("id");
    }

    /** A change of the list being applied, for the problems it has before the registry is loaded. */
    private record Change(int index, JsonObject json) {
        RegistryProblem problem(String field, String message) {
            Object type = json.getValue("type");
            Object id = idOf(json);
            Object site = json.getValue("value") instanceof JsonObject v ? v.getValue("site") : null;
            return new RegistryProblem("change " + (index + 1) + ": " + message, type instanceof String t ? t : null,
                    id == null ? null : String.valueOf(id), site instanceof String s ? s : null, -1, field, index);
        }
    }

    private static void put(Editable document, String type, Object value, Change where, List<RegistryProblem> problems) {
        if (!(value instanceof JsonObject item) || !(item.getValue("id") instanceof String id)) {
            problems.add(where.problem("id", "value must be an object with an id"));
            return;
        }
        if (type.equals("device")) {
            if (!(item.getValue("site") instanceof String site)) {
                problems.add(where.problem("site", "device '" + id + "': site is missing"));
                return;
            }
            if (!document.items("site").containsKey(site)) {
                problems.add(where.problem("site", "device '" + id + "': unknown site '" + site + "'"));
                return;
            }
            JsonObject device = item.copy();
            device.remove("site");
            document.putDevice(site, device);
            return;
        }
        JsonObject replacement = item.copy();
        JsonObject old = document.items(type).get(id);
        if (type.equals("site")) {
            if (old != null && !replacement.containsKey("devices")) {
                replacement.put("devices", old.getJsonArray("devices", new JsonArray()));
            }
            document.siteReplaced(old, replacement);
        }
        document.items(type).put(id, replacement);
    }

    private static void retire(Editable document, String type, Object value, Change where, List<RegistryProblem> problems) {
        if (!(value instanceof String id)) {
            problems.add(where.problem("id", "id is missing"));
            return;
        }
        boolean found;
        if (type.equals("device")) {
            found = document.removeDevice(id);
        } else {
            JsonObject removed = document.items(type).remove(id);
            found = removed != null;
            if (found && type.equals("site")) {
                document.siteReplaced(removed, null);
            }
        }
        if (!found) {
            problems.add(where.problem("id", "no " + type + " '" + id + "' to retire"));
        }
    }

    /**
     * A registry document being changed, indexed by id so each change costs what it touches (an import of a
     * province's 100,000 devices is 100,000 changes); written back in the file's order, new items last.
     */
    private static final class Editable {
        private final JsonObject document;
        private final Map<String, Map<String, JsonObject>> byType = new HashMap<>();
        /** device id -> the site object whose devices list holds it */
        private final Map<String, JsonObject> ownerOf = new HashMap<>();

        Editable(JsonObject document) {
            this.document = document;
            for (String type : List.of("region", "organization", "site")) {
                Map<String, JsonObject> items = new LinkedHashMap<>();
                int unnamed = 0;
                for (Object o : list(document, listKey(type))) {
                    if (o instanceof JsonObject item) {
                        // '#' is in no valid id: an item without one is kept for the loader to refuse
                        items.put(item.getValue("id") instanceof String id ? id : "#" + unnamed++, item);
                    }
                }
                byType.put(type, items);
            }
            byType.get("site").values().forEach(site -> siteReplaced(null, site));
        }

        Map<String, JsonObject> items(String type) {
            return byType.get(type);
        }

        /** Keeps the device index right when a site's object (and so its devices list) changes or goes. */
        void siteReplaced(JsonObject old, JsonObject replacement) {
            if (old != null) {
                for (Object d : list(old, "devices")) {
                    if (d instanceof JsonObject device && device.getValue("id") instanceof String id && ownerOf.get(id) == old) {
                        ownerOf.remove(id);
                    }
                }
            }
            if (replacement != null) {
                for (Object d : list(replacement, "devices")) {
                    if (d instanceof JsonObject device && device.getValue("id") instanceof String id) {
                        ownerOf.putIfAbsent(id, replacement);
                    }
                }
            }
        }

        void putDevice(String site, JsonObject device) {
            String id = device.getString("id");
            removeDevice(id);
            JsonObject owner = byType.get("site").get(site);
            list(owner, "devices").add(device);
            ownerOf.put(id, owner);
        }

        boolean removeDevice(String id) {
            JsonObject owner = ownerOf.remove(id);
            if (owner == null) {
                return false;
            }
            JsonArray devices = list(owner, "devices");
            for (int i = 0; i < devices.size(); i++) {
                if (devices.getValue(i) instanceof JsonObject d && id.equals(d.getValue("id"))) {
                    devices.remove(i);
                    return true;
                }
            }
            return false;
        }

        JsonObject toDocument() {
            for (String type : List.of("region", "organization", "site")) {
                document.put(listKey(type), new JsonArray(new ArrayList<>(byType.get(type).values())));
            }
            return document;
        }
    }

    /** Where the file lists items of a type other than device. */
    private static String listKey(String type) {
        return type.equals("organization") ? "organizations" : type + "s";
    }

    private static JsonArray list(JsonObject parent, String key) {
        if (!(parent.getValue(key) instanceof JsonArray)) {
            parent.put(key, new JsonArray());
        }
        return parent.getJsonArray(key);
    }
}
