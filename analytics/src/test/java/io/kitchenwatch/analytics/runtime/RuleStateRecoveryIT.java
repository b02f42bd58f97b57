package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertAction;
import io.kitchenwatch.analytics.alerts.AlertBook;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.kitchenwatch.analytics.engine.AnalyticsSink;
import io.kitchenwatch.analytics.engine.RuleEngine;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.DeviceStateChange;
import io.kitchenwatch.devices.model.Frame;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.pipeline.PointMapper;
import io.kitchenwatch.ingest.status.IngestProgress;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Analysis dies with the process while the messages it had not got to are already stored and acknowledged: a
 * restarted {@link AnalyticsService} on the same store must end with exactly the verdicts and alerts one process
 * that saw everything gives, record nothing twice, and not analyse the messages the broker delivers again.
 */
class RuleStateRecoveryIT {
    static final Registry REGISTRY = RegistryLoader.parse("""
            {"regions":[{"id":"c"}],"organizations":[{"id":"o"}],
             "sites":[{"id":"dsp","kind":"disinfection_plant","organization":"o","region":"c",
                       "devices":[{"id":"dsp-cab","kind":"disinfection_cabinet","interval_s":10,"settings":{"method":"hot_air"}},
                                  {"id":"dsp-cam","kind":"camera","zone":"dishwashing","interval_s":1}]},
                      {"id":"rst","kind":"restaurant","organization":"o","region":"c",
                       "devices":[{"id":"rst-bin","kind":"waste_bin","interval_s":600,"settings":{"capacity_kg":120}}]}]}""", "test");
    static final Duration LATENESS = Duration.ofSeconds(2);
    static final int PER_BATCH = 93;
    static final int BATCHES = 6;
    /** The crash: analysis had got to the middle of batch 2; the store holds batch 3 up to its 40th message. */
    static final int ANALYSED_BEFORE_CRASH = PER_BATCH * 2 + 50;
    static final int STORED_BEFORE_CRASH = PER_BATCH * 3 + 40;
    /** The broker delivers again what was stored but not acknowledged when the process died. */
    static final int REDELIVERED_FROM = ANALYSED_BEFORE_CRASH - 10;

    final long t0 = System.currentTimeMillis() - 3 * 3_600_000L;
    /** The bin was collected 26 h ago and reports every 10 min; the process dies 23 h after the collection. */
    final long collected = System.currentTimeMillis() - 26 * 3_600_000L;

    /** Batch k: cycle_start, 91 readings 10 s apart (ramp to the peak, then held), cycle_end; odd ones peak at 112 C. */
    List<DeviceMessage> cabinet() {
        List<DeviceMessage> out = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            long start = t0 + b * (PER_BATCH * 10_000L);
            out.add(new DeviceEvent("dsp", "dsp-cab", start, OptionalLong.of(2L * b), "cycle_start", Map.of("batch", "B-" + b, "method", "hot_air")));
            double peak = b % 2 == 0 ? 125 : 112;
            for (int r = 0; r < PER_BATCH - 2; r++) {
                double temp = r < 20 ? 25 + (peak - 25) * r / 20.0 : peak;
                out.add(new Reading("dsp", "dsp-cab", start + r * 10_000L, OptionalLong.of((long) b * PER_BATCH + r),
                        Map.of("temp_c", temp, "running", true, "door_open", false, "note", "batch " + b)));
            }
            out.add(new DeviceEvent("dsp", "dsp-cab", start + (PER_BATCH - 2) * 10_000L, OptionalLong.of(2L * b + 1), "cycle_end", Map.of("batch", "B-" + b)));
        }
        return out;
    }

    List<DeviceMessage> bin() {
        List<DeviceMessage> out = new ArrayList<>();
        out.add(new DeviceEvent("rst", "rst-bin", collected, OptionalLong.empty(), "collected", Map.of("weight_kg", 38.5)));
        for (int i = 1; i <= 150; i++) {
            out.add(new Reading("rst", "rst-bin", collected + i * 600_000L, OptionalLong.of(i), Map.of("weight_kg", 10.0, "lid_open", false)));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Backends.Kind.class)
    void storedHistoryReadsBackTheMessagesAsTheyCame(Backends.Kind kind) throws Exception {
        try (Backends backends = Backends.start(kind)) {
            TimeSeriesStore store = backends.store();
            long t = t0 - 86_400_000L;
            List<DeviceMessage> sent = List.of(
                    new DeviceEvent("dsp", "dsp-cab", t, OptionalLong.of(1), "cycle_start", Map.of("batch", "B-9", "method", "steam", "load", 3.0)),
                    new Reading("dsp", "dsp-cab", t + 1_000, OptionalLong.of(2), Map.of("temp_c", 101.5, "door_open", true, "operator", "王师傅")),
                    new Reading("dsp", "dsp-cab", t + 2_000, OptionalLong.empty(), Map.of("running", false)),
                    new DeviceStateChange("rst", "rst-bin", t + 3_000, false),
                    new DeviceStateChange("rst", "rst-bin", t + 4_000, true));
            write(store, sent);
            store.awaitWritesReadable(Duration.ofSeconds(30));
            StoredHistory history = new StoredHistory(store);
            List<DeviceMessage> read = await(Duration.ofSeconds(15), () -> history.read(t, t + 60_000, d -> true), l -> l.size() == sent.size());
            assertEquals(sent, read);
            assertEquals(List.of(sent.get(1)), history.read(t + 1_000, t + 2_000, d -> true));
            assertEquals(List.of(), history.read(t, t + 60_000, "someone-else"::equals));
            assertEquals(t + 4_000, history.newestPerDevice().get("rst-bin"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.Kind.class)
    void aCrashBetweenStoringAndAnalysingLosesNoVerdictOrAlertAndRecordsNothingTwice(Backends.Kind kind) throws Exception {
        List<DeviceMessage> cabinet = cabinet();
        List<DeviceMessage> bin = bin();
        int binAtCrash = 138; // 23 h after the collection
        Control control = Control.of(cabinet, bin);

        try (Backends backends = Backends.start(kind)) {
            TimeSeriesStore store = backends.store();
            List<Alert> published = new CopyOnWriteArrayList<>();
            // the first process: stores more than it analyses, then dies
            AnalyticsService first = new AnalyticsService(REGISTRY, store, LATENESS, new SimpleMeterRegistry(), IngestProgress.wallClock(),
                    published::add, a -> { });
            first.start();
            write(store, cabinet.subList(0, STORED_BEFORE_CRASH));
            write(store, bin.subList(0, binAtCrash));
            cabinet.subList(0, ANALYSED_BEFORE_CRASH).forEach(first::onStored);
            bin.subList(0, binAtCrash).forEach(first::onStored);
            first.flush();
            first.close(); // what it had not analysed is gone with it; what it recorded is in the store

            MeterRegistry meters = new SimpleMeterRegistry();
            AnalyticsService second = new AnalyticsService(REGISTRY, store, LATENESS, meters, IngestProgress.wallClock(),
                    published::add, a -> { });
            second.start();
            second.publishRecovered();
            cabinet.subList(REDELIVERED_FROM, STORED_BEFORE_CRASH).forEach(second::onStored);
            write(store, cabinet.subList(STORED_BEFORE_CRASH, cabinet.size()));
            write(store, bin.subList(binAtCrash, bin.size()));
            cabinet.subList(STORED_BEFORE_CRASH, cabinet.size()).forEach(second::onStored);
            bin.subList(binAtCrash, bin.size()).forEach(second::onStored);
            second.flush();
            second.close();

            List<String> verdicts = await(Duration.ofSeconds(15), () -> store.payloads(TimeSeriesStore.BATCHES, Map.of("device", "dsp-cab"),
                    t0 - 1, t0 + 86_400_000L, 100), v -> v.size() >= BATCHES);
            Map<String, JsonObject> stored = new TreeMap<>();
            for (String json : store.payloads(TimeSeriesStore.ALERTS, Map.of(), 0, System.currentTimeMillis() + 86_400_000L, 10_000)) {
                JsonObject a = new JsonObject(json);
                stored.put(a.getString("id"), a);
            }
            double recoveredVerdicts = meters.get("kw.analytics.recovered.verdicts").counter().count();
            double skipped = meters.get("kw.analytics.redelivered.skipped").counter().count();
            System.out.printf("RuleStateRecoveryIT[%s]: verdicts %s, alerts %s, recovered verdicts %.0f, alert changes %.0f, "
                            + "redelivered and skipped %.0f, published %d%n", kind,
                    verdicts.stream().map(v -> new JsonObject(v).getString("verdict")).toList(),
                    stored.values().stream().map(a -> a.getString("type") + "@" + a.getString("device")).toList(), recoveredVerdicts,
                    meters.get("kw.analytics.recovered.alert.changes").counter().count(), skipped, published.size());

            assertEquals(control.verdicts, verdicts.stream().map(JsonObject::new).toList(),
                    "each batch judged once, exactly as one process that saw everything judged it");
            assertEquals(control.alertIds, stored.keySet(), "the same alerts as one process raises, none twice");
            JsonObject overdue = stored.values().stream().filter(a -> a.getString("type").equals("waste_collection_overdue"))
                    .findFirst().orElseThrow();
            assertEquals(collected + 24 * 3_600_000L + 600_000L, overdue.getLong("opened"),
                    "the bin's collection before the restart still counts");
            assertEquals(1.0, recoveredVerdicts, "batch 2's verdict was lost with the first process and found again");
            assertEquals(STORED_BEFORE_CRASH - REDELIVERED_FROM, skipped, "what the broker delivered again is analysed once");
            Set<String> versions = new HashSet<>();
            for (Alert a : published) {
                assertTrue(versions.add(AlertCodec.toJson(a).encode()), "published once: " + AlertCodec.toJson(a));
            }
            assertEquals(control.alertIds, published.stream().map(Alert::id).collect(Collectors.toCollection(java.util.TreeSet::new)),
                    "every alert reached MQTT");
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.Kind.class)
    void aCameraThatDiedWhileTheNodeWasDownIsFoundOfflineAfterTheRestart(Backends.Kind kind) throws Exception {
        try (Backends backends = Backends.start(kind)) {
            long lastFrame = System.currentTimeMillis() - 60_000;
            write(backends.store(), List.of(new Frame("dsp", "dsp-cam", lastFrame - 1_000, new byte[100]),
                    new Frame("dsp", "dsp-cam", lastFrame, new byte[100])));
            AnalyticsService analytics = new AnalyticsService(REGISTRY, backends.store(), LATENESS, new SimpleMeterRegistry(),
                    IngestProgress.wallClock(), a -> { }, a -> { });
            long started = System.currentTimeMillis();
            analytics.start();
            Alert offline = await(Duration.ofSeconds(15), () -> analytics.alerts().stream()
                    .filter(a -> a.type() == AlertType.DEVICE_OFFLINE && a.device().equals("dsp-cam")).findFirst(), Optional::isPresent)
                    .orElseThrow();
            analytics.close();
            assertEquals(lastFrame, ((Number) offline.evidence().get("last_seen")).longValue(), "silent since its newest frame");
            assertTrue(offline.opened() >= started + 3_000 && offline.opened() < started + 8_000,
                    "three 1 s intervals after the start: " + (offline.opened() - started));

            // restarted while the camera is still offline: its first frame clears the alert
            AnalyticsService again = new AnalyticsService(REGISTRY, backends.store(), LATENESS, new SimpleMeterRegistry(),
                    IngestProgress.wallClock(), a -> { }, a -> { });
            again.start();
            again.onStored(new Frame("dsp", "dsp-cam", System.currentTimeMillis(), new byte[100]));
            assertTrue(await(Duration.ofSeconds(10), () -> again.alert(offline.id()).orElseThrow().cleared(), c -> c),
                    "the camera's return clears the alert raised before the restart");
            again.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.Kind.class)
    void aRestartAfterEverythingWasAnalysedRecordsNothingAgain(Backends.Kind kind) throws Exception {
        List<DeviceMessage> cabinet = cabinet();
        try (Backends backends = Backends.start(kind)) {
            TimeSeriesStore store = backends.store();
            AnalyticsService first = new AnalyticsService(REGISTRY, store, LATENESS, new SimpleMeterRegistry(), IngestProgress.wallClock(),
                    a -> { }, a -> { });
            first.start();
            write(store, cabinet);
            cabinet.forEach(first::onStored);
            first.flush(); // the cabinet fell silent: its last batch was judged from what waited for stragglers
            Alert bad = first.alerts().stream().filter(a -> a.type() == AlertType.DISINFECTION_CYCLE_NONCOMPLIANT).findFirst().orElseThrow();
            Alert closed = bad;
            for (AlertAction step : AlertAction.values()) {
                closed = first.act(closed.id(), step, "inspector", "done").get();
            }
            first.close();

            MeterRegistry meters = new SimpleMeterRegistry();
            List<Alert> published = new CopyOnWriteArrayList<>();
            AnalyticsService second = new AnalyticsService(REGISTRY, store, LATENESS, meters, IngestProgress.wallClock(), published::add, a -> { });
            second.start();
            second.publishRecovered();
            second.flush(); // the replayed tail leaves the reorder buffer after recovery
            second.close();

            assertEquals(0.0, meters.get("kw.batches.judged").counter().count(), "no batch judged again");
            assertEquals(List.of(), published, "nothing published again");
            assertTrue(second.alert(closed.id()).orElseThrow().isClosed(), "the closed alert stays closed");
        }
    }

    static void write(TimeSeriesStore store, List<DeviceMessage> messages) throws Exception {
        PointMapper mapper = new PointMapper(REGISTRY);
        List<StorePoint> points = new ArrayList<>();
        messages.forEach(m -> points.addAll(mapper.toPoints(m)));
        store.write(points);
    }

    /** What one process that saw every message in order concludes. */
    record Control(List<JsonObject> verdicts, Set<String> alertIds) {
        static Control of(List<DeviceMessage> cabinet, List<DeviceMessage> bin) {
            List<JsonObject> verdicts = new ArrayList<>();
            AlertBook book = new AlertBook();
            RuleEngine engine = new RuleEngine(REGISTRY, new ThresholdsCatalog(REGISTRY, Thresholds.DEFAULTS), LATENESS, new AnalyticsSink() {
                @Override
                public void finding(Finding finding) {
                    book.apply(finding);
                }

                @Override
                public void verdict(BatchVerdict verdict) {
                    verdicts.add(AlertCodec.toJson(verdict));
                }
            });
            cabinet.forEach(engine::accept);
            bin.forEach(engine::accept);
            engine.flush();
            return new Control(verdicts, book.all().stream().map(Alert::id).collect(Collectors.toCollection(java.util.TreeSet::new)));
        }
    }
}
