package io.kitchenwatch.node.config;

import io.kitchenwatch.analytics.runtime.AnalyticsStageConfig;
import io.kitchenwatch.dashboards.stage.DashboardsConfig;
import io.kitchenwatch.devices.wire.ValidationLimits;
import io.kitchenwatch.ingest.pipeline.IngestConfig;
import io.kitchenwatch.ingest.stage.IngestStageConfig;

import java.time.Duration;

/** Each stage's config record, built from the node's configuration: the one place that knows both. */
public final class StageConfigs {
    /** Paho's inflight window for what ingest publishes (dead letters, alerts): at least 1000, see IngestConfig. */
    private static final int MAX_INFLIGHT = 1000;
    /** Messages waiting for the store before MQTT intake waits. */
    private static final int STORE_QUEUE = 20_000;
    /** Most points in one store write. */
    private static final int STORE_BATCH = 5_000;
    private static final Duration FIRST_SUBSCRIBE_WAIT = Duration.ofSeconds(30);

    private StageConfigs() {
    }

    public static IngestStageConfig ingest(KitchenWatchConfig c, String brokerUri, String username, String password) {
        IngestConfig mqtt = new IngestConfig(brokerUri, c.get(Setting.MQTT_CLIENT_ID), username, password, c.get(Setting.TOPIC_ROOT),
                c.sharedGroup(), MAX_INFLIGHT, STORE_QUEUE, STORE_BATCH, c.storeLinger(), c.dataDir().resolve("snapshots"),
                ValidationLimits.DEFAULTS, c.mqttCa());
        return new IngestStageConfig(mqtt, c.dataDir().resolve("unregistered-sources.json"), FIRST_SUBSCRIBE_WAIT, c.cluster());
    }

    public static AnalyticsStageConfig analytics(KitchenWatchConfig c) {
        return new AnalyticsStageConfig(c.analyticsLateness(), c.frameAnalysisThreads(), c.dataDir().resolve("evidence"),
                c.evidenceRetention(), c.detector(), c.get(Setting.TOPIC_ROOT), c.cluster().isPresent());
    }

    public static DashboardsConfig dashboards(KitchenWatchConfig c, String brokerName) {
        return new DashboardsConfig(c.httpHost(), c.httpPort(), brokerName, c.dataDir().resolve("snapshots"),
                c.dataDir().resolve("evidence"), c.evidenceRetention(), c.dataDir(), c.publicUrl());
    }
}
