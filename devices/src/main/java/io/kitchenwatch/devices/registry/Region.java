package io.kitchenwatch.devices.registry;

import java.util.Map;

/**
 * A county or a town in it; {@code parent} is null for a top-level region. {@code rules} override rule thresholds
 * for every site in the region (see docs/registry.md).
 */
public record Region(String id, String name, String parent, Map<String, Double> rules) {
    public Region {
        rules = Map.copyOf(rules);
    }
}
