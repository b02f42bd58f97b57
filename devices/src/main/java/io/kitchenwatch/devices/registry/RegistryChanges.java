package io.kitchenwatch.devices.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
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
        JsonObject document = current.document();
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
            Registry changed = RegistryLoader.parse(document.encode(), "the changed registry");
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

    private static void put(JsonObject document, String type, Object value, Change where, List<RegistryProblem> problems) {
        if (!(value instanceof JsonObject item) || !(item.getValue("id") instanceof String id)) {
            problems.add(where.problem("id", "value must be an object with an id"));
            return;
        }
        if (type.equals("device")) {
            if (!(item.getValue("site") instanceof String site)) {
                problems.add(where.problem("site", "device '" + id + "': site is missing"));
                return;
            }
            JsonObject owner = find(list(document, "sites"), site);
            if (owner == null) {
                problems.add(where.problem("site", "device '" + id + "': unknown site '" + site + "'"));
                return;
            }
            removeDevice(document, id);
            JsonObject device = item.copy();
            device.remove("site");
            list(owner, "devices").add(device);
            return;
        }
        JsonArray items = list(document, listKey(type));
        JsonObject old = find(items, id);
        JsonObject replacement = item.copy();
        if (old != null) {
            if (type.equals("site") && !replacement.containsKey("devices")) {
                replacement.put("devices", old.getJsonArray("devices", new JsonArray()));
            }
            items.remove(old);
        }
        items.add(replacement);
    }

    private static void retire(JsonObject document, String type, Object value, Change where, List<RegistryProblem> problems) {
        if (!(value instanceof String id)) {
            problems.add(where.problem("id", "id is missing"));
            return;
        }
        boolean found;
        if (type.equals("device")) {
            found = removeDevice(document, id);
        } else {
            JsonArray items = list(document, listKey(type));
            found = items.remove(find(items, id));
        }
        if (!found) {
            problems.add(where.problem("id", "no " + type + " '" + id + "' to retire"));
        }
    }

    /** Where the file lists items of a type other than device. */
    private static String listKey(String type) {
        return type.equals("organization") ? "organizations" : type + "s";
    }

    private static boolean removeDevice(JsonObject document, String id) {
        for (Object s : list(document, "sites")) {
            if (s instanceof JsonObject site) {
                JsonObject device = find(list(site, "devices"), id);
                if (device != null) {
                    return list(site, "devices").remove(device);
                }
            }
        }
        return false;
    }

    private static JsonArray list(JsonObject parent, String key) {
        if (!(parent.getValue(key) instanceof JsonArray)) {
            parent.put(key, new JsonArray());
        }
        return parent.getJsonArray(key);
    }

    private static JsonObject find(JsonArray items, String id) {
        for (Object o : items) {
            if (o instanceof JsonObject item && id.equals(item.getValue("id"))) {
                return item;
            }
        }
        return null;
    }
}
