package io.kitchenwatch.devices.registry;

/** A school, a restaurant operator or a disinfection service company. */
public record Organization(String id, String name, String kind) {
}
