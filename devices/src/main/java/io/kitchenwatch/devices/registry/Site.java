package io.kitchenwatch.devices.registry;

import io.kitchenwatch.devices.model.SiteKind;

import java.util.Map;

/** One kitchen or plant; {@code rules} override rule thresholds for this site (over its regions' overrides). */
public record Site(String id, String name, SiteKind kind, String organization, String region,
                   WorkingHours workingHours, Map<String, Double> rules) {
    public Site {
        rules = Map.copyOf(rules);
    }
}
