package io.kitchenwatch.ingest.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.kitchenwatch.ingest.fixtures.Eventually.awaitEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link TimeSeriesStore} must answer, with exact expected values, so that stores that pass it answer
 * identically. Subclasses bring a real store.
 */
abstract class TimeSeriesStoreContract {
    /** Aligned to a minute so that one-minute buckets start at T0. */
    static final long T0 = 1_764_399_960_000L;
    static final Duration VISIBLE = Duration.ofSeconds(15);

    abstract TimeSeriesStore store();

    /** Ten minutes of a cabinet: temp_c = i at T0 + 10 s * i, door open on odd i, chlorine only on the first five. */
    static List<StorePoint> tenMinutesOf(String device) {
        List<StorePoint> points = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Map<String, Object> fields = new HashMap<>();
            fields.put("temp_c", (double) i);
            fields.put("door_open", i % 2 == 1 ? 1.0 : 0.0);
            fields.put("seq", (double) i);
            if (i < 5) {
                fields.put("chlorine_mg_l", 250.0 + i);
            }
            points.add(new StorePoint(TimeSeriesStore.TELEMETRY, tags(device), fields, T0 + 10_000L * i));
        }
        return points;
    }

    static Map<String, String> tags(String device) {
        return Map.of("site", "site-1", "device", device, "kind", "disinfection_cabinet", "registered", "true");
    }

    @Test
    void countsWhatWasWrittenPerField() throws Exception {
        store().write(tenMinutesOf("count-dev"));
        assertEquals(60L, awaitEqual(VISIBLE, 60L, () -> store().count(TimeSeriesStore.TELEMETRY, "count-dev", "temp_c", T0, T0 + 600_000)));
        assertEquals(5L, store().count(TimeSeriesStore.TELEMETRY, "count-dev", "chlorine_mg_l", T0, T0 + 600_000));
        assertEquals(6L, store().count(TimeSeriesStore.TELEMETRY, "count-dev", "temp_c", T0 + 60_000, T0 + 120_000));
        assertEquals(0L, store().count(TimeSeriesStore.TELEMETRY, "count-dev", "never_written", T0, T0 + 600_000));
        assertEquals(0L, store().count(TimeSeriesStore.TELEMETRY, "nobody", "temp_c", T0, T0 + 600_000));
    }

    @Test
    void latestGivesTheNewestValueOfEachFieldAndTheNewestTime() throws Exception {
        store().write(tenMinutesOf("latest-dev"));
        awaitEqual(VISIBLE, 60L, () -> store().count(TimeSeriesStore.TELEMETRY, "latest-dev", "temp_c", T0, T0 + 600_000));
        LatestValues latest = store().latest("latest-dev").orElseThrow();
        assertEquals(T0 + 590_000, latest.ts());
        assertEquals(Map.of("temp_c", 59.0, "door_open", 1.0, "chlorine_mg_l", 254.0), latest.values());
        assertEquals(Optional.empty(), store().latest("nobody"));
    }

    @Test
    void latestOfAllIsLatestOfEachDeviceInOneGo() throws Exception {
        store().write(tenMinutesOf("all-1"));
        store().write(tenMinutesOf("all-2").subList(0, 30));
        awaitEqual(VISIBLE, 30L, () -> store().count(TimeSeriesStore.TELEMETRY, "all-2", "temp_c", T0, T0 + 600_000));
        awaitEqual(VISIBLE, 60L, () -> store().count(TimeSeriesStore.TELEMETRY, "all-1", "temp_c", T0, T0 + 600_000));
        Map<String, LatestValues> all = store().latestOfAll();
        assertEquals(store().latest("all-1").orElseThrow(), all.get("all-1"));
        assertEquals(store().latest("all-2").orElseThrow(), all.get("all-2"));
        assertEquals(T0 + 290_000, all.get("all-2").ts());
        assertFalse(all.containsKey("nobody"));
    }

    @Test
    void countPerGroupsTheCountByATagInOneQuery() throws Exception {
        store().write(tenMinutesOf("per-1"));
        store().write(tenMinutesOf("per-2").subList(0, 30));
        awaitEqual(VISIBLE, 30L, () -> store().count(TimeSeriesStore.TELEMETRY, "per-2", "temp_c", T0, T0 + 600_000));
        awaitEqual(VISIBLE, 60L, () -> store().count(TimeSeriesStore.TELEMETRY, "per-1", "temp_c", T0, T0 + 600_000));
        Map<String, Long> temps = store().countPer("device", TimeSeriesStore.TELEMETRY, "temp_c",
                Map.of("kind", "disinfection_cabinet"), T0, T0 + 600_000);
        assertEquals(60L, temps.get("per-1"));
        assertEquals(30L, temps.get("per-2"));
        assertEquals(Map.of(), store().countPer("device", TimeSeriesStore.TELEMETRY, "temp_c", Map.of("kind", "camera"), T0, T0 + 600_000));
        Map<String, Long> lastMinute = store().countPer("device", TimeSeriesStore.TELEMETRY, "temp_c", Map.of(), T0 + 240_000, T0 + 300_000);
        assertEquals(6L, lastMinute.get("per-1"));
        assertEquals(6L, lastMinute.get("per-2"));
        assertEquals(5L, store().countPer("device", TimeSeriesStore.TELEMETRY, "chlorine_mg_l", Map.of(), T0, T0 + 600_000).get("per-2"));
        assertFalse(store().countPer("device", TimeSeriesStore.TELEMETRY, "no_such_field", Map.of(), T0, T0 + 600_000).containsKey("per-1"));
    }

    @Test
    void seriesIsTheMeanPerEpochAlignedBucket() throws Exception {
        store().write(tenMinutesOf("series-dev"));
        awaitEqual(VISIBLE, 60L, () -> store().count(TimeSeriesStore.TELEMETRY, "series-dev", "temp_c", T0, T0 + 600_000));
        List<SeriesPoint> perMinute = store().series("series-dev", "temp_c", T0, T0 + 600_000, 60_000);
        List<SeriesPoint> expected = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            expected.add(new SeriesPoint(T0 + 60_000L * k, 6 * k + 2.5));
        }
        assertEquals(expected, perMinute);
        // ten-minute buckets start at multiples of ten minutes since the epoch, not at the query's start
        assertEquals(List.of(new SeriesPoint(T0 - T0 % 600_000, 2.0)), store().series("series-dev", "chlorine_mg_l", T0, T0 + 600_000, 600_000)
                .stream().map(p -> new SeriesPoint(p.t(), p.value() - 250)).toList());
        assertEquals(List.of(new SeriesPoint(T0 + 120_000, 14.5)), store().series("series-dev", "temp_c", T0 + 120_000, T0 + 180_000, 60_000));
        assertTrue(store().series("series-dev", "never_written", T0, T0 + 600_000, 60_000).isEmpty());
    }

    @Test
    void aPointWrittenTwiceIsKeptOnce() throws Exception {
        List<StorePoint> points = tenMinutesOf("dup-dev");
        store().write(points);
        store().write(points.subList(0, 10));
        awaitEqual(VISIBLE, 60L, () -> store().count(TimeSeriesStore.TELEMETRY, "dup-dev", "temp_c", T0, T0 + 600_000));
        Thread.sleep(500);
        assertEquals(60L, store().count(TimeSeriesStore.TELEMETRY, "dup-dev", "temp_c", T0, T0 + 600_000));
    }

    @Test
    void eventsKeepTheirPayload() throws Exception {
        store().write(List.of(new StorePoint(TimeSeriesStore.EVENTS,
                Map.of("site", "site-1", "device", "ev-dev", "kind", "waste_bin", "registered", "true", "type", "collected"),
                Map.of("payload", "{\"weight_kg\":38.5,\"by\":\"collector-3\"}"), T0)));
        assertEquals(1L, awaitEqual(VISIBLE, 1L, () -> store().count(TimeSeriesStore.EVENTS, "ev-dev", "payload", T0, T0 + 1)));
    }

    @Test
    void readingsComeBackAsStoredOnlyWhereTheFieldWasSent() throws Exception {
        store().write(tenMinutesOf("read-dev"));
        awaitEqual(VISIBLE, 60L, () -> store().count(TimeSeriesStore.TELEMETRY, "read-dev", "temp_c", T0, T0 + 600_000));
        List<SeriesPoint> chlorine = store().readings("read-dev", "chlorine_mg_l", T0, T0 + 600_000, 100);
        assertEquals(List.of(new SeriesPoint(T0, 250.0), new SeriesPoint(T0 + 10_000, 251.0), new SeriesPoint(T0 + 20_000, 252.0),
                new SeriesPoint(T0 + 30_000, 253.0), new SeriesPoint(T0 + 40_000, 254.0)), chlorine);
        assertEquals(3, store().readings("read-dev", "temp_c", T0 + 10_000, T0 + 600_000, 3).size());
        assertEquals(new SeriesPoint(T0 + 590_000, 59.0), store().readings("read-dev", "temp_c", T0 + 590_000, T0 + 600_000, 3).get(0));
    }

    @Test
    void payloadsComeBackExactlyInTimeOrderFilteredByTags() throws Exception {
        String tricky = "{\"note\":\"line one\\nline \\\"two\\\", comma, 消毒 ✓\",\"v\":1}";
        List<StorePoint> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(new StorePoint(TimeSeriesStore.ALERTS, Map.of("site", "site-p", "device", "pay-dev", "type", "t", "alert", "a-" + (i % 2), "state", "open"),
                    Map.of("payload", i == 3 ? tricky : "{\"i\":" + i + "}"), T0 + 1000L * (5 - i)));
        }
        store().write(rows);
        List<String> all = awaitEqual(VISIBLE, 5, () -> store().payloads(TimeSeriesStore.ALERTS, Map.of("site", "site-p"), T0, T0 + 60_000, 100).size()) == 5
                ? store().payloads(TimeSeriesStore.ALERTS, Map.of("site", "site-p"), T0, T0 + 60_000, 100) : List.of();
        assertEquals(List.of("{\"i\":4}", tricky, "{\"i\":2}", "{\"i\":1}", "{\"i\":0}"), all);
        assertEquals(List.of("{\"i\":4}", "{\"i\":2}", "{\"i\":0}"),
                store().payloads(TimeSeriesStore.ALERTS, Map.of("site", "site-p", "alert", "a-0"), T0, T0 + 60_000, 100));
        assertEquals(List.of("{\"i\":4}", tricky), store().payloads(TimeSeriesStore.ALERTS, Map.of("site", "site-p"), T0, T0 + 60_000, 2));
        assertEquals(List.of("{\"i\":0}", "{\"i\":1}"), store().newestPayloads(TimeSeriesStore.ALERTS, Map.of("site", "site-p"), T0, T0 + 60_000, 2));
        assertEquals(List.of(), store().payloads(TimeSeriesStore.ALERTS, Map.of("site", "nowhere"), T0, T0 + 60_000, 100));
        assertEquals(List.of(), store().payloads(TimeSeriesStore.BATCHES, Map.of("site", "site-p"), T0, T0 + 60_000, 100));
    }

    @Test
    void rowsComeBackWithTheirTagsAndFieldsAndEachDeviceHasItsNewestTime() throws Exception {
        long t = T0 + 30 * 86_400_000L; // a range no other test writes to
        store().write(List.of(
                new StorePoint(TimeSeriesStore.TELEMETRY, tags("rows-a"), Map.of("temp_c", 121.5, "seq", 7.0), t + 2_000),
                new StorePoint(TimeSeriesStore.TELEMETRY, tags("rows-b"), Map.of("temp_c", 20.0), t),
                new StorePoint(TimeSeriesStore.TELEMETRY, tags("rows-a"), Map.of("temp_c", 119.0, "door_open", 1.0), t + 1_000),
                new StorePoint(TimeSeriesStore.EVENTS, Map.of("site", "site-1", "device", "rows-a", "kind", "disinfection_cabinet",
                        "registered", "true", "type", "cycle_start"), Map.of("payload", "{\"batch\":\"B-1\"}", "seq", 3.0), t + 500)));
        store().awaitWritesReadable(VISIBLE); // then readable at once, without polling

        List<StoredRow> telemetry = store().rows(TimeSeriesStore.TELEMETRY, t, t + 60_000);
        assertEquals(List.of(t, t + 1_000, t + 2_000), telemetry.stream().map(StoredRow::tsMillis).toList());
        Map<String, Object> expected = new HashMap<>(tags("rows-a"));
        expected.putAll(Map.of("temp_c", 119.0, "door_open", 1.0));
        assertEquals(expected, telemetry.get(1).columns());
        assertEquals(7.0, telemetry.get(2).columns().get("seq"));
        StoredRow event = store().rows(TimeSeriesStore.EVENTS, t, t + 60_000).get(0);
        assertEquals("{\"batch\":\"B-1\"}", event.text("payload"));
        assertEquals("cycle_start", event.text("type"));
        assertEquals(3.0, event.columns().get("seq"));
        assertEquals(List.of(), store().rows(TimeSeriesStore.TELEMETRY, t + 3_000, t + 60_000));
        assertEquals(List.of(), store().rows(TimeSeriesStore.BATCHES, t, t + 60_000));

        Map<String, Long> newest = store().newestPerDevice(TimeSeriesStore.TELEMETRY);
        assertEquals(t + 2_000, newest.get("rows-a"));
        assertEquals(t, newest.get("rows-b"));
        assertEquals(t + 500, store().newestPerDevice(TimeSeriesStore.EVENTS).get("rows-a"));
    }

    @Test
    void answersPing() {
        assertTrue(store().ping(), store().describe());
    }
}
