package io.kitchenwatch.analytics.disinfection;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchTrackerTest {
    static final long T0 = 1_764_400_000_000L;
    static final long STEP = 10_000;

    private final BatchTracker tracker = new BatchTracker("s", "cab", Thresholds.DEFAULTS, Duration.ofMillis(STEP));

    /** A batch: start at T0, one reading every step with the value at that time, end at the last reading. */
    private BatchVerdict run(String method, String field, List<Double> values, List<Integer> doorOpenAt) {
        assertEquals(Optional.empty(), tracker.onEvent(event("cycle_start", T0, Map.of("batch", "B-1", "method", method))));
        for (int i = 0; i < values.size(); i++) {
            Map<String, Object> v = new HashMap<>();
            if (values.get(i) != null) {
                v.put(field, values.get(i));
            }
            v.put("door_open", doorOpenAt.contains(i));
            assertEquals(Optional.empty(), tracker.onReading(new Reading("s", "cab", T0 + i * STEP, OptionalLong.of(i), v)));
        }
        return tracker.onEvent(event("cycle_end", T0 + (values.size() - 1) * STEP, Map.of("batch", "B-1"))).orElseThrow();
    }

    private static List<Double> constant(double value, int readings) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < readings; i++) {
            out.add(value);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}: {2} for {3} readings -> {4}")
    @CsvSource({
            "hot_air, temp_c, 120.0, 61, compliant",       // exactly 120.0 C for exactly 10 min
            "hot_air, temp_c, 119.9, 61, non_compliant",   // a tenth of a degree short
            "hot_air, temp_c, 125.0, 60, non_compliant",   // 9 min 50 s
            "steam, temp_c, 100.0, 61, compliant",
            "steam, temp_c, 99.9, 61, non_compliant",
            "chlorine, chlorine_mg_l, 250.0, 31, compliant",  // 5 min
            "chlorine, chlorine_mg_l, 249.0, 31, non_compliant",
            "chlorine, chlorine_mg_l, 250.0, 30, non_compliant",
    })
    void verdictAtTheBoundaries(String method, String field, double value, int readings, String verdict) {
        BatchVerdict v = run(method, field, constant(value, readings), List.of());
        assertEquals(verdict, v.verdict().wireName(), v.toString());
        assertEquals(value, v.maxValue());
        assertEquals(method, v.method());
    }

    @Test
    void dishwasherNeedsFortySecondsAtEightyTwo() {
        BatchTracker fast = new BatchTracker("s", "dw", Thresholds.DEFAULTS, Duration.ofSeconds(5));
        fast.onEvent(event("cycle_start", T0, Map.of("batch", "B-2", "method", "dishwasher")));
        for (int i = 0; i <= 8; i++) {
            fast.onReading(new Reading("s", "dw", T0 + i * 5_000L, OptionalLong.empty(), Map.of("temp_c", 82.0)));
        }
        BatchVerdict v = fast.onEvent(event("cycle_end", T0 + 40_000, Map.of("batch", "B-2"))).orElseThrow();
        assertEquals(Verdict.COMPLIANT, v.verdict());
        assertEquals(40.0, v.heldS());
    }

    @Test
    void heldTimeAddsUpAcrossADipBelowTheThreshold() {
        List<Double> values = new ArrayList<>(constant(121, 31));
        values.add(110.0);
        values.addAll(constant(121, 31));
        BatchVerdict v = run("hot_air", "temp_c", values, List.of());
        assertEquals(600.0, v.heldS());
        assertEquals(Verdict.COMPLIANT, v.verdict());
    }

    @Test
    void aDoorOpeningRestartsTheHold() {
        BatchVerdict v = run("hot_air", "temp_c", constant(125, 70), List.of(20));
        assertEquals(1, v.doorOpenings());
        assertEquals(480.0, v.heldS()); // from reading 21 to 69
        assertEquals(Verdict.NON_COMPLIANT, v.verdict());
    }

    @Test
    void aDoorOpenedAfterTheHoldIsCompleteDoesNotUndoIt() {
        BatchVerdict v = run("hot_air", "temp_c", constant(125, 70), List.of(65));
        assertEquals(1, v.doorOpenings());
        assertEquals(Verdict.COMPLIANT, v.verdict());
    }

    @Test
    void missingReadingsMakeTheBatchUnverifiable() {
        List<Double> values = constant(130, 80);
        values.set(30, null); // a reading without the field still arrives: not a gap
        BatchVerdict ok = run("hot_air", "temp_c", values, List.of());
        assertEquals(0, ok.gaps());

        BatchTracker t = new BatchTracker("s", "cab", Thresholds.DEFAULTS, Duration.ofMillis(STEP));
        t.onEvent(event("cycle_start", T0, Map.of("batch", "B-3", "method", "hot_air")));
        for (int i = 0; i < 80; i++) {
            if (i < 30 || i > 32) { // three readings missing: 40 s between two readings > 2 intervals
                t.onReading(new Reading("s", "cab", T0 + i * STEP, OptionalLong.empty(), Map.of("temp_c", 130.0)));
            }
        }
        BatchVerdict v = t.onEvent(event("cycle_end", T0 + 79 * STEP, Map.of("batch", "B-3"))).orElseThrow();
        assertEquals(1, v.gaps());
        assertEquals(Verdict.UNVERIFIABLE, v.verdict());
    }

    @Test
    void aCycleWithoutEndIsAbandonedAfterTwoHours() {
        tracker.onEvent(event("cycle_start", T0, Map.of("batch", "B-4", "method", "hot_air")));
        for (long t = T0; t <= T0 + 7_200_000; t += STEP) {
            assertTrue(tracker.onReading(new Reading("s", "cab", t, OptionalLong.empty(), Map.of("temp_c", 125.0))).isEmpty());
        }
        BatchVerdict v = tracker.onReading(new Reading("s", "cab", T0 + 7_200_000 + STEP, OptionalLong.empty(), Map.of("temp_c", 25.0))).orElseThrow();
        assertEquals(Verdict.ABANDONED, v.verdict());
        assertEquals(Optional.empty(), tracker.runningBatch());
    }

    @Test
    void aNewStartAbandonsTheRunningBatch() {
        tracker.onEvent(event("cycle_start", T0, Map.of("batch", "B-5", "method", "hot_air")));
        BatchVerdict v = tracker.onEvent(event("cycle_start", T0 + 60_000, Map.of("batch", "B-6", "method", "hot_air"))).orElseThrow();
        assertEquals("B-5", v.batch());
        assertEquals(Verdict.ABANDONED, v.verdict());
        assertEquals(Optional.of("B-6"), tracker.runningBatch());
    }

    static DeviceEvent event(String type, long ts, Map<String, Object> attributes) {
        return new DeviceEvent("s", "cab", ts, OptionalLong.empty(), type, attributes);
    }
}
