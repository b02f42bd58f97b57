package io.kitchenwatch.devices.registry;

import io.kitchenwatch.devices.model.SiteKind;

/** One kitchen or plant. */
public record Site(String id, String name, SiteKind kind, String organization, String region,
                   WorkingHours workingHours) {
}
