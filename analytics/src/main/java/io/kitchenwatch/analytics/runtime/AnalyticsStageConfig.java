package io.kitchenwatch.analytics.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the analytics stage needs from the node's configuration.
 *
 * @param lateness             how long readings wait for stragglers before rules see them in event-time order
 * @param frameAnalysisThreads workers that decode and analyse camera snapshots
 * @param evidenceDir          where the pictures behind camera alerts are kept
 * @param evidenceRetention    how long they are kept
 * @param detector             an optional object detector for camera pictures
 * @param topicRoot            root of the MQTT topic tree, for the alert topics
 * @param clustered            cluster mode: analyse only the devices this node owns ({@link io.kitchenwatch.devices.bus.BusAddresses#OWNERSHIP})
 */
public record AnalyticsStageConfig(Duration lateness, int frameAnalysisThreads, Path evidenceDir, Duration evidenceRetention,
                                   Optional<FrameAnalysisService.DetectorSetup> detector, String topicRoot, boolean clustered) {
}
