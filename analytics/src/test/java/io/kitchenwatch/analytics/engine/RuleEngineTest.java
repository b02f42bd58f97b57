package io.kitchenwatch.analytics.engine;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.DeviceStateChange;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.RegistryLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleEngineTest {
    static final long T0 = 1_764_374_400_000L;
    static final Registry REGISTRY = RegistryLoader.sample();
    static final Duration LATENESS = Duration.ofMinutes(2);

    /** Collects what the engine concludes, as comparable lines. */
    static final class Recorder implements AnalyticsSink {
        final List<String> lines = new ArrayList<>();
        final List<BatchVerdict> verdicts = new ArrayList<>();

        @Override
        public void finding(Finding f) {
            lines.add(f.ts() + " " + (f.raised() ? "+" : "-") + f.type().wireName() + " " + f.device());
        }

        @Override
        public void verdict(BatchVerdict v) {
            verdicts.add(v);
            lines.add(v.end() + " verdict " + v.batch() + " " + v.verdict().wireName());
        }

        List<String> sorted() {
            List<String> s = new ArrayList<>(lines);
            Collections.sort(s);
            return s;
        }
    }

    /** A scripted morning of one school canteen and one restaurant. */
    static List<DeviceMessage> history() {
        List<DeviceMessage> h = new ArrayList<>();
        long seq = 0;
        // cabinet sch-01-cab-1 (hot air, every 10 s): a good batch, a cold batch, and a batch with two readings
        // missing (30 s between readings: more than 2 sample intervals, not yet 3 intervals of silence)
        String[] batches = {"B-good", "B-cold", "B-gap"};
        double[] peaks = {124, 115, 124};
        long t = T0;
        for (int b = 0; b < 3; b++) {
            h.add(new DeviceEvent("sch-01", "sch-01-cab-1", t, OptionalLong.empty(), "cycle_start", Map.of("batch", batches[b], "method", "hot_air")));
            for (int i = 0; i < 180; i++) {
                if (b == 2 && (i == 41 || i == 42)) {
                    continue;
                }
                // heats at about 30 C/min, holds with sensor noise, cools at 24 C/min: plausible for the anomaly checks
                double temp = i < 20 ? 25 + (peaks[b] - 25) * i / 20.0
                        : i < 85 ? peaks[b] + ((i % 3) - 1) * 0.1
                        : Math.max(25, peaks[b] - (i - 84) * 4) + (i % 2) * 0.1;
                h.add(new Reading("sch-01", "sch-01-cab-1", t + i * 10_000L, OptionalLong.of(seq++),
                        Map.of("temp_c", temp, "running", true, "door_open", false)));
            }
            h.add(new DeviceEvent("sch-01", "sch-01-cab-1", t + 900_000, OptionalLong.empty(), "cycle_end", Map.of("batch", batches[b])));
            t += 1_800_000;
        }
        // separator rst-01-sep-1 (every 30 s): grease climbs past 20 and 25 %
        for (int i = 0; i < 200; i++) {
            h.add(new Reading("rst-01", "rst-01-sep-1", T0 + i * 30_000L, OptionalLong.of(i),
                    Map.of("grease_pct", 15 + i * 0.06, "oil_out_mg_l", 40.0)));
        }
        // bin sch-01-bin-1 (every 60 s): lid open for 15 minutes, then a 10-minute silence
        for (int i = 0; i < 90; i++) {
            if (i >= 50 && i < 60) {
                continue;
            }
            h.add(new Reading("sch-01", "sch-01-bin-1", T0 + i * 60_000L, OptionalLong.of(i),
                    Map.of("weight_kg", 20.0 + i * 0.1, "lid_open", i >= 10 && i < 25)));
        }
        // a device the registry does not know, and a camera whose Last Will fires
        h.add(new Reading("rst-09", "mystery-1", T0 + 5_000, OptionalLong.empty(), Map.of("x", 1.0)));
        h.add(new DeviceStateChange("sch-01", "sch-01-cam-cook", T0 + 1_000, true));
        h.add(new DeviceStateChange("sch-01", "sch-01-cam-cook", T0 + 2_000_000, false));
        h.sort(Comparator.comparingLong(DeviceMessage::ts));
        return h;
    }

    static Recorder replay(List<DeviceMessage> messages) {
        Recorder r = new Recorder();
        RuleEngine engine = new RuleEngine(REGISTRY, new ThresholdsCatalog(REGISTRY, Thresholds.DEFAULTS), LATENESS, r);
        messages.forEach(engine::accept);
        engine.flush();
        return r;
    }

    @Test
    void aScriptedMorningGivesExactlyTheseConclusions() {
        Recorder r = replay(history());
        long cab2End = T0 + 1_800_000 + 900_000;
        long cab3End = T0 + 3_600_000 + 900_000;
        assertEquals(List.of(
                (T0 + 900_000) + " verdict B-good compliant",
                (T0 + 84 * 30_000) + " +grease_level_warning rst-01-sep-1",
                (T0 + 25 * 60_000) + " -waste_bin_lid_open sch-01-bin-1",
                cab2End + " +disinfection_cycle_noncompliant sch-01-cab-1",
                cab2End + " verdict B-cold non_compliant",
                (T0 + 49 * 60_000 + 180_000) + " +device_offline sch-01-bin-1",
                (T0 + 60 * 60_000) + " -device_offline sch-01-bin-1",
                cab3End + " +disinfection_cycle_noncompliant sch-01-cab-1",
                cab3End + " verdict B-gap unverifiable",
                (T0 + 2_000_000) + " +device_offline sch-01-cam-cook",
                (T0 + 10 * 60_000 + 660_000) + " +waste_bin_lid_open sch-01-bin-1",
                (T0 + 167 * 30_000) + " +grease_level_alarm rst-01-sep-1").stream().sorted().toList(),
                r.sorted());
    }

    @ParameterizedTest(name = "shuffle seed {0}")
    @ValueSource(longs = {1, 2, 3, 42})
    void theSameHistoryInAnotherOrderAndOtherChunksGivesTheSameConclusions(long seed) {
        List<DeviceMessage> inOrder = history();
        List<String> expected = replay(inOrder).sorted();
        Random random = new Random(seed);
        // disorder: every message may come up to a minute late (inside the engine's two minutes of lateness)
        List<DeviceMessage> shuffled = new ArrayList<>(inOrder);
        shuffled.sort(Comparator.comparingLong(m -> m.ts() + (long) (random.nextDouble() * 60_000)));
        assertEquals(expected, replay(shuffled).sorted());
        // chunks: devices delivered in bursts of random size, as a broker draining queues would
        List<DeviceMessage> chunked = new ArrayList<>();
        List<DeviceMessage> rest = new ArrayList<>(shuffled);
        while (!rest.isEmpty()) {
            int n = Math.min(rest.size(), 1 + random.nextInt(50));
            List<DeviceMessage> chunk = new ArrayList<>(rest.subList(0, n));
            rest.subList(0, n).clear();
            chunk.sort(Comparator.comparing(DeviceMessage::device));
            chunked.addAll(chunk);
        }
        assertEquals(expected, replay(chunked).sorted());
    }

    @Test
    void silenceReportedByALiveTimerRaisesOfflineOnceAndTheNextMessageClearsIt() {
        Recorder r = new Recorder();
        RuleEngine engine = new RuleEngine(REGISTRY, new ThresholdsCatalog(REGISTRY, Thresholds.DEFAULTS), Duration.ZERO, r);
        engine.accept(new Reading("sch-01", "sch-01-cab-1", T0, OptionalLong.empty(), Map.of("temp_c", 20.0)));
        assertEquals(Duration.ofSeconds(30), engine.silenceLimit("sch-01-cab-1"));
        engine.deviceSilent("sch-01-cab-1", T0 + 29_999);
        assertTrue(r.lines.isEmpty());
        engine.deviceSilent("sch-01-cab-1", T0 + 30_000);
        engine.deviceSilent("sch-01-cab-1", T0 + 40_000);
        engine.accept(new Reading("sch-01", "sch-01-cab-1", T0 + 50_000, OptionalLong.empty(), Map.of("temp_c", 20.0)));
        assertEquals(List.of((T0 + 30_000) + " +device_offline sch-01-cab-1", (T0 + 50_000) + " -device_offline sch-01-cab-1"), r.lines);
    }

    @Test
    void framesStampedOnArrivalDoNotMakeGapsWithTelemetryOnTheDeviceClock() {
        Recorder r = new Recorder();
        RuleEngine engine = new RuleEngine(REGISTRY, new ThresholdsCatalog(REGISTRY, Thresholds.DEFAULTS), Duration.ZERO, r);
        long deviceClock = T0;
        long wall = T0 + 7_200_000;
        for (int i = 0; i < 10; i++) {
            engine.accept(new Reading("sch-01", "sch-01-cam-cook", deviceClock + i * 10_000L, OptionalLong.of(i), Map.of("fps", 25.0)));
            engine.accept(new io.kitchenwatch.devices.model.Frame("sch-01", "sch-01-cam-cook", wall + i * 10_000L, new byte[0]));
        }
        assertTrue(r.lines.isEmpty(), r.lines.toString());
        engine.deviceSilent("sch-01-cam-cook", wall + 200_000);
        engine.accept(new io.kitchenwatch.devices.model.Frame("sch-01", "sch-01-cam-cook", wall + 210_000, new byte[0]));
        assertEquals(List.of((wall + 200_000) + " +device_offline sch-01-cam-cook", (wall + 210_000) + " -device_offline sch-01-cam-cook"), r.lines);
    }

    @Test
    void aCameraThatOnlySendsFramesFallsSilentToo() {
        Recorder r = new Recorder();
        RuleEngine engine = new RuleEngine(REGISTRY, new ThresholdsCatalog(REGISTRY, Thresholds.DEFAULTS), Duration.ZERO, r);
        engine.accept(new io.kitchenwatch.devices.model.Frame("sch-01", "sch-01-cam-cook", T0, new byte[0]));
        engine.deviceSilent("sch-01-cam-cook", T0 + 29_999);
        assertTrue(r.lines.isEmpty(), r.lines.toString());
        engine.deviceSilent("sch-01-cam-cook", T0 + 30_000);
        engine.accept(new io.kitchenwatch.devices.model.Frame("sch-01", "sch-01-cam-cook", T0 + 31_000, new byte[0]));
        assertEquals(List.of((T0 + 30_000) + " +device_offline sch-01-cam-cook", (T0 + 31_000) + " -device_offline sch-01-cam-cook"), r.lines);

        engine.recallFrame("sch-01", "sch-01-cam-raw", T0);
        engine.deviceSilent("sch-01-cam-raw", T0 + 30_000);
        assertEquals((T0 + 30_000) + " +device_offline sch-01-cam-raw", r.lines.get(2), "a frame recalled after a restart counts");
    }

    @Test
    void regionAndSiteOverridesChangeTheThresholds() {
        Registry registry = RegistryLoader.parse("""
                {"regions":[{"id":"c","rules":{"hot_air_min_c":125}},{"id":"t","parent":"c","rules":{"hot_air_hold_s":900}}],
                 "organizations":[{"id":"o"}],
                 "sites":[{"id":"a","kind":"school_canteen","organization":"o","region":"t","rules":{"grease_alarm_pct":30}},
                          {"id":"b","kind":"school_canteen","organization":"o","region":"c"}]}""", "test");
        ThresholdsCatalog catalog = new ThresholdsCatalog(registry, Thresholds.DEFAULTS);
        assertEquals(125, catalog.forSite("a").hotAirMinC());
        assertEquals(900, catalog.forSite("a").hotAirHoldS());
        assertEquals(30, catalog.forSite("a").greaseAlarmPct());
        assertEquals(600, catalog.forSite("b").hotAirHoldS());
        assertEquals(Thresholds.DEFAULTS, catalog.forSite("unknown"));
    }
}
