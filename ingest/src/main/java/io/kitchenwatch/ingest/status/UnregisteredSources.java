package io.kitchenwatch.ingest.status;

import io.kitchenwatch.devices.identity.SecretFiles;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Messages from sources the registry does not vouch for (a device id it does not list, or a listed id under a site
 * that is not the device's own), aggregated into one notice per site for admins: how many messages, from how many
 * ids, first and last seen. They are stored apart and never analysed, so a flood of made-up ids costs a counter each,
 * not an alert or an offline timer. Bounded: at most {@link #MAX_IDS} distinct ids are remembered across all sites
 * (beyond that messages are still counted, ids not: {@code kw_ingest_unregistered_ids_untracked_total}) and at most
 * {@link #MAX_SITES} sites get their own notice (the rest share one under {@link #OTHER_SITES}). Thread-safe.
 */
public final class UnregisteredSources {
    public static final int MAX_IDS = 10_000;
    public static final int MAX_SITES = 1_000;
    public static final int SAMPLE_IDS = 20;
    public static final String OTHER_SITES = "(other sites)";

    public enum Reason {
        /** The registry lists no device with this id. */
        UNREGISTERED,
        /** The registry lists the id, at another site. */
        WRONG_SITE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One site's notice.
     *
     * @param ids        distinct ids seen (as far as they were remembered: see {@link UnregisteredSources})
     * @param sampleIds  up to {@link #SAMPLE_IDS} of them, first seen first
     */
    public record Notice(String site, long messages, int ids, List<String> sampleIds, Map<Reason, Long> byReason,
                         long firstSeen, long lastSeen) {
        public JsonObject toJson() {
            JsonObject reasons = new JsonObject();
            byReason.forEach((r, n) -> reasons.put(r.wireName(), n));
            return new JsonObject().put("site", site).put("messages", messages).put("ids", ids)
                    .put("sample_ids", new JsonArray(sampleIds)).put("by_reason", reasons)
                    .put("first_seen", firstSeen).put("last_seen", lastSeen);
        }
    }

    private static final class SiteTally {
        long messages;
        final Set<String> ids = new HashSet<>();
        final List<String> sample = new ArrayList<>();
        final Map<Reason, Long> byReason = new EnumMap<>(Reason.class);
        long firstSeen = Long.MAX_VALUE;
        long lastSeen = Long.MIN_VALUE;
    }

    private final Map<String, SiteTally> bySite = new LinkedHashMap<>();
    private int trackedIds;
    private long untrackedIds;
    private final Map<Reason, Long> messagesByReason = new EnumMap<>(Reason.class);

    public synchronized void record(String site, String device, Reason reason, long at) {
        SiteTally tally = bySite.get(site);
        if (tally == null) {
            if (bySite.size() < MAX_SITES) {
                tally = new SiteTally();
                bySite.put(site, tally);
            } else {
                tally = bySite.computeIfAbsent(OTHER_SITES, s -> new SiteTally());
            }
        }
        tally.messages++;
        tally.byReason.merge(reason, 1L, Long::sum);
        messagesByReason.merge(reason, 1L, Long::sum);
        tally.firstSeen = Math.min(tally.firstSeen, at);
        tally.lastSeen = Math.max(tally.lastSeen, at);
        if (!tally.ids.contains(device)) {
            if (trackedIds < MAX_IDS) {
                tally.ids.add(device);
                trackedIds++;
                if (tally.sample.size() < SAMPLE_IDS) {
                    tally.sample.add(device);
                }
            } else {
                untrackedIds++;
            }
        }
    }

    /** Every site's notice, the most recently active first. */
    /** The admin's view: every site's notice and how many ids are (not) remembered. */
    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        notices().forEach(n -> list.add(n.toJson()));
        return new JsonObject().put("notices", list).put("tracked_ids", trackedIds()).put("max_tracked_ids", MAX_IDS)
                .put("untracked_ids", untrackedIds());
    }

    public synchronized List<Notice> notices() {
        List<Notice> out = new ArrayList<>();
        bySite.forEach((site, t) -> out.add(new Notice(site, t.messages, t.ids.size(), List.copyOf(t.sample),
                Map.copyOf(t.byReason), t.firstSeen, t.lastSeen)));
        out.sort(Comparator.comparingLong(Notice::lastSeen).reversed());
        return out;
    }

    public synchronized int trackedIds() {
        return trackedIds;
    }

    public synchronized long untrackedIds() {
        return untrackedIds;
    }

    private synchronized long messages(Reason reason) {
        return messagesByReason.getOrDefault(reason, 0L);
    }

    public void bindMetrics(MeterRegistry meters) {
        for (Reason reason : Reason.values()) {
            FunctionCounter.builder("kw.ingest.unregistered.messages", this, s -> s.messages(reason)).tag("reason", reason.wireName())
                    .description("messages from sources the registry does not list at that site (stored apart, not analysed)")
                    .register(meters);
        }
        Gauge.builder("kw.ingest.unregistered.ids.tracked", this, UnregisteredSources::trackedIds)
                .description("distinct unregistered ids remembered for the notices (at most " + MAX_IDS + ")").register(meters);
        FunctionCounter.builder("kw.ingest.unregistered.ids.untracked", this, UnregisteredSources::untrackedIds)
                .description("messages from ids not remembered because " + MAX_IDS + " already were").register(meters);
    }

    /** Keeps the notices across restarts (0600: the ids may say who probes the broker). */
    public void save(Path file) throws IOException {
        String snapshot;
        synchronized (this) {
            JsonArray out = new JsonArray();
            for (Notice n : notices()) {
                out.add(n.toJson().put("remembered_ids", new JsonArray(new ArrayList<>(bySite.get(n.site()).ids))));
            }
            snapshot = new JsonObject().put("untracked_ids", untrackedIds).put("sites", out).encode();
        }
        SecretFiles.write(file, snapshot);
    }

    public synchronized void load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        JsonObject in = new JsonObject(Files.readString(file));
        untrackedIds = in.getLong("untracked_ids", 0L);
        for (Object o : in.getJsonArray("sites", new JsonArray())) {
            JsonObject j = (JsonObject) o;
            SiteTally t = new SiteTally();
            t.messages = j.getLong("messages", 0L);
            t.firstSeen = j.getLong("first_seen", Long.MAX_VALUE);
            t.lastSeen = j.getLong("last_seen", Long.MIN_VALUE);
            if (bySite.size() >= MAX_SITES && !OTHER_SITES.equals(j.getString("site"))) {
                continue; // a file from a node with other limits: what does not fit is not counted either
            }
            for (Object id : j.getJsonArray("remembered_ids", new JsonArray())) {
                if (trackedIds < MAX_IDS && t.ids.add(String.valueOf(id))) {
                    trackedIds++;
                }
            }
            for (Object id : j.getJsonArray("sample_ids", new JsonArray())) {
                if (t.sample.size() < SAMPLE_IDS) {
                    t.sample.add(String.valueOf(id));
                }
            }
            JsonObject reasons = j.getJsonObject("by_reason", new JsonObject());
            for (Reason r : Reason.values()) {
                long n = reasons.getLong(r.wireName(), 0L);
                if (n > 0) {
                    t.byReason.put(r, n);
                    messagesByReason.merge(r, n, Long::sum);
                }
            }
            bySite.put(j.getString("site"), t);
        }
    }
}
