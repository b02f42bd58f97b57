package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What analytics decided, in the store: the row of each significant alert change and of each verdict (written by
 * {@link DecisionWriter}), and what is read back at start (the newest version of each alert; whether a batch was
 * judged before).
 */
final class StoredDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(StoredDecisions.class);
    private static final int RESTORE_LIMIT = 10_000_000;
    private static final long FUTURE_MARGIN_MS = 86_400_000L;
    private final TimeSeriesStore store;
    /** Each alert's newest row time (analytics thread), so two changes of one alert never share a timestamp. */
    private final Map<String, Long> lastChangeTs = new HashMap<>();

    StoredDecisions(TimeSeriesStore store) {
        this.store = store;
    }

    /** The newest stored version of every alert, by id. */
    Map<String, Alert> newestAlerts() throws StoreException {
        List<String> saved = store.payloads(TimeSeriesStore.ALERTS, Map.of(), 0, System.currentTimeMillis() + FUTURE_MARGIN_MS, RESTORE_LIMIT);
        Map<String, Alert> newest = new HashMap<>();
        for (String json : saved) { // oldest first, so the last version of each id is its newest
            try {
                Alert a = AlertCodec.fromJson(new JsonObject(json));
                newest.put(a.id(), a);
                lastChangeTs.put(a.id(), a.updated());
            } catch (RuntimeException e) {
                LOG.warn("skipping an unreadable stored alert: {}", e.toString());
            }
        }
        return newest;
    }

    /** The row of one significant alert change; its time is the change's, nudged so two changes of one alert differ. */
    StorePoint alertRow(Alert a) {
        long ts = Math.max(a.updated(), lastChangeTs.getOrDefault(a.id(), Long.MIN_VALUE) + 1);
        lastChangeTs.put(a.id(), ts);
        return new StorePoint(TimeSeriesStore.ALERTS,
                Map.of("site", a.site(), "device", a.device(), "type", a.type().wireName(), "alert", a.id(), "state", a.state().wireName()),
                Map.of(TimeSeriesStore.PAYLOAD, AlertCodec.toJson(a).encode()), ts);
    }

    static StorePoint verdictRow(BatchVerdict v) {
        return new StorePoint(TimeSeriesStore.BATCHES,
                Map.of("site", v.site(), "device", v.device(), "verdict", v.verdict().wireName()),
                Map.of(TimeSeriesStore.PAYLOAD, AlertCodec.toJson(v).encode(), "batch", v.batch()), v.end());
    }

    /** Whether the store already holds this batch's verdict (looked up only for batches a restart analysed again). */
    boolean verdictStored(BatchVerdict v) {
        try {
            String key = batchKey(AlertCodec.toJson(v));
            return store.payloads(TimeSeriesStore.BATCHES, Map.of("device", v.device()), v.end(), v.end() + 1, 100).stream()
                    .anyMatch(json -> batchKey(new JsonObject(json)).equals(key));
        } catch (StoreException | RuntimeException e) {
            LOG.warn("cannot tell whether batch {} of {} was judged before the restart; judging it: {}", v.batch(), v.device(), e.toString());
            return false;
        }
    }

    private static String batchKey(JsonObject verdict) {
        return verdict.getString("device") + "\u0000" + verdict.getString("batch") + "\u0000" + verdict.getLong("start");
    }
}
