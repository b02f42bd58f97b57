package io.kitchenwatch.devices.bus;

import java.util.Map;

/** What frame analysis measured in one camera picture (the derived {@code camera_health} sample). */
public record FrameAnalysed(String site, String device, long ts, Map<String, Object> measures) {
    public FrameAnalysed {
        measures = Map.copyOf(measures);
    }
}
