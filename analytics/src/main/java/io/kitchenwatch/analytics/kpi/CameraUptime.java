package io.kitchenwatch.analytics.kpi;

import io.kitchenwatch.devices.model.SiteKind;
import io.kitchenwatch.devices.model.Zone;

import java.util.Optional;

/**
 * How much of a period one registered camera was online and healthy: healthy frames received over the frames its
 * snapshot interval promises (capped at 1).
 */
public record CameraUptime(String site, SiteKind siteKind, Optional<Zone> zone, double healthyShare, long framesAnalysed) {
}
