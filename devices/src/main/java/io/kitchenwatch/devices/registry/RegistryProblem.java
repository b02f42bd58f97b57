package io.kitchenwatch.devices.registry;

/**
 * One reason a registry is refused, with what it is about, so a page or an import can put it beside the field it
 * names: {@code type} is region, organization, site, device or null (the file as a whole); {@code id} is the item's id
 * as written (even an invalid one); {@code site} is a device's site; {@code position} is the item's place in its list
 * (a site's devices, or the file's list of its type), -1 when not known; {@code field} is the key at fault, or null
 * for the item as a whole; {@code change} is the index of the change that caused it when the registry was changed
 * rather than read (-1 otherwise).
 */
public record RegistryProblem(String message, String type, String id, String site, int position, String field, int change) {
    public RegistryProblem(String message, String type, String id, String site, int position, String field) {
        this(message, type, id, site, position, field, -1);
    }

    public static RegistryProblem general(String message) {
        return new RegistryProblem(message, null, null, null, -1, null);
    }

    RegistryProblem causedBy(int changeIndex) {
        return new RegistryProblem(message, type, id, site, position, field, changeIndex);
    }

    @Override
    public String toString() {
        return message;
    }
}
