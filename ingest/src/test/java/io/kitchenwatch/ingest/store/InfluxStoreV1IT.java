package io.kitchenwatch.ingest.store;

import io.kitchenwatch.ingest.fixtures.InfluxDbProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against a real InfluxDB 1.6.7 (Debian), which predates /api/v2/write: the legacy v1 write mode. */
class InfluxStoreV1IT extends TimeSeriesStoreContract {
    static InfluxDbProcess influx;
    static InfluxStore store;

    @BeforeAll
    static void start() throws Exception {
        influx = new InfluxDbProcess();
        influx.start();
        store = new InfluxStore(influx.url(), "", "kitchenwatch", "kitchenwatch", true);
        store.createDatabaseIfMissing();
    }

    @AfterAll
    static void stop() {
        store.close();
        influx.close();
    }

    @Override
    TimeSeriesStore store() {
        return store;
    }
}
