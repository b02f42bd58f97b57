package io.kitchenwatch.dashboards.certificates;

import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Certificates and their evidence in the store: the certificate rows, and what a certificate's evidence is read from
 * (the batch's verdict row, the cabinet's readings). Blocking: call from a worker.
 */
public final class CertificateBook {
    /** The most readings a certificate's curve holds (a two-hour batch read every second has 7,200). */
    static final int MAX_CURVE = 20_000;
    static final int VERDICT_PAGE = 10_000;
    private final TimeSeriesStore store;

    public CertificateBook(TimeSeriesStore store) {
        this.store = store;
    }

    public void write(Certificate c) throws StoreException {
        Map<String, String> tags = new HashMap<>(Map.of("site", c.site(), "device", c.device(), "certificate", c.id()));
        if (c.deliverTo() != null) {
            tags.put("deliver_to", c.deliverTo());
        }
        store.write(List.of(new StorePoint(TimeSeriesStore.CERTIFICATES, tags,
                Map.of(TimeSeriesStore.PAYLOAD, c.toStored().encode()), c.end())));
    }

    public Optional<Certificate> find(String id) throws StoreException {
        Optional<Long> end = Certificate.endOf(id);
        if (end.isEmpty()) {
            return Optional.empty();
        }
        return store.payloads(TimeSeriesStore.CERTIFICATES, Map.of("certificate", id), end.get(), end.get() + 1, 1).stream()
                .findFirst().map(row -> Certificate.fromStored(new JsonObject(row)));
    }

    /** The newest {@code limit} certificates of batches that ended in [from, to) whose tags equal {@code tags}, newest first. */
    public List<Certificate> newest(Map<String, String> tags, long from, long to, int limit) throws StoreException {
        List<Certificate> out = new ArrayList<>();
        for (String row : store.newestPayloads(TimeSeriesStore.CERTIFICATES, tags, from, to, limit)) {
            out.add(Certificate.fromStored(new JsonObject(row)));
        }
        return out;
    }

    /** The stored verdict of a batch, as the batches API shows it. */
    public Optional<JsonObject> verdict(String device, String batch, long start, long end) throws StoreException {
        for (String row : store.payloads(TimeSeriesStore.BATCHES, Map.of("device", device), end, end + 1, 100)) {
            JsonObject v = new JsonObject(row);
            if (batch.equals(v.getString("batch")) && Long.valueOf(start).equals(v.getLong("start"))) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The cabinet's readings of {@code field} over the batch, as stored: {@code [[ts, value], ...]}. */
    public JsonArray curve(String device, String field, long start, long end) throws StoreException {
        JsonArray out = new JsonArray();
        store.readings(device, field, start, end + 1, MAX_CURVE).forEach(p -> out.add(new JsonArray().add(p.t()).add(p.value())));
        return out;
    }

    /** Compliant verdicts of {@code device} that ended in [from, to). */
    /** The compliant verdicts of every cabinet ending in [from, to), oldest first, at most {@link #VERDICT_PAGE}. */
    public List<JsonObject> compliantVerdicts(long from, long to) throws StoreException {
        List<JsonObject> out = new ArrayList<>();
        for (String row : store.payloads(TimeSeriesStore.BATCHES, Map.of("verdict", "compliant"), from, to, VERDICT_PAGE)) {
            out.add(new JsonObject(row));
        }
        return out;
    }

    /** Waits until what was written before can be read (QuestDB applies its log after acknowledging). */
    public void awaitReadable() throws StoreException {
        store.awaitWritesReadable(Duration.ofSeconds(30));
    }
}
