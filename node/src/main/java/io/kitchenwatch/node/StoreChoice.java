package io.kitchenwatch.node;

import io.kitchenwatch.devices.lifecycle.Closer;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.EmbeddedQuestDb;
import io.kitchenwatch.ingest.store.InfluxStore;
import io.kitchenwatch.ingest.store.LatestValues;
import io.kitchenwatch.ingest.store.QuestDbStore;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.config.Setting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/** The time-series store the stages share: the configured InfluxDB, or an embedded QuestDB started here. */
final class StoreChoice {
    private static final Logger LOG = LoggerFactory.getLogger(StoreChoice.class);

    private StoreChoice() {
    }

    static TimeSeriesStore open(KitchenWatchConfig config, Closer closer) throws StoreException {
        Optional<String> influx = config.influxUrl();
        if (influx.isPresent()) {
            InfluxStore store = closer.push(new InfluxStore(influx.get(), config.get(Setting.INFLUX_TOKEN), config.get(Setting.INFLUX_ORG),
                    config.get(Setting.INFLUX_DATABASE), config.influxLegacyV1()));
            try {
                store.createDatabaseIfMissing();
            } catch (StoreException e) {
                // InfluxDB 2.x/3.x create buckets their own way; writes will say if it is missing
                LOG.info("did not create database {} ({}); assuming it exists", config.get(Setting.INFLUX_DATABASE), e.getMessage());
            }
            return store;
        }
        EmbeddedQuestDb questDb = closer.push(EmbeddedQuestDb.start(config.dataDir().resolve("questdb"), config.questDbHttpPort()));
        QuestDbStore store = closer.push(new QuestDbStore(questDb));
        store.createTables();
        return store;
    }

    /**
     * After a restart the API shows each device's newest values from the store until it speaks again; returns the
     * newest time of them all.
     */
    static long seedLatestValues(Registry registry, TimeSeriesStore store, DeviceStatusTracker tracker) {
        long newest = Long.MIN_VALUE;
        try {
            for (Map.Entry<String, LatestValues> latest : store.latestOfAll().entrySet()) {
                if (registry.device(latest.getKey()).isPresent()) {
                    tracker.seed(latest.getKey(), latest.getValue().ts(), latest.getValue().values());
                    newest = Math.max(newest, latest.getValue().ts());
                }
            }
        } catch (StoreException e) {
            LOG.warn("cannot read the devices' newest values from the store: {}", e.getMessage());
        }
        return newest;
    }
}
