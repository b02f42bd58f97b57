package io.kitchenwatch.ingest.stage;

import io.kitchenwatch.ingest.cluster.ClusterSettings;
import io.kitchenwatch.ingest.pipeline.IngestConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the ingest stage needs from the node's configuration.
 *
 * @param mqtt                    the MQTT consumer's settings
 * @param unregisteredSourcesFile where the notices of unregistered sources are kept across restarts
 * @param subscribeWait           how long the stage's start waits for its first subscription (it keeps trying after)
 * @param cluster                 in cluster mode, the Kafka the nodes share; empty for a node on its own
 */
public record IngestStageConfig(IngestConfig mqtt, Path unregisteredSourcesFile, Duration subscribeWait,
                                Optional<ClusterSettings> cluster) {
}
