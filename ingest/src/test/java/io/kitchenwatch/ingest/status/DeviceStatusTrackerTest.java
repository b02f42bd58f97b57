package io.kitchenwatch.ingest.status;

import io.kitchenwatch.devices.bus.DeviceStatusChanged;
import io.kitchenwatch.devices.model.DeviceStateChange;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.RegistryLoader;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceStatusTrackerTest {
    private static final long NOW = 1_764_400_000_000L;
    private final DeviceStatusTracker tracker = new DeviceStatusTracker(RegistryLoader.sample());

    @Test
    void registeredDevicesAreKnownBeforeTheySpeakAndOfflineUntilThen() {
        DeviceStatus s = tracker.get("sch-01-cab-1").orElseThrow();
        assertTrue(s.registered());
        assertFalse(s.online(NOW));
    }

    @Test
    void aReadingMakesItOnlineUntilThreeIntervalsOfSilence() {
        tracker.record(new Reading("sch-01", "sch-01-cab-1", NOW, OptionalLong.of(1), Map.of("temp_c", 80.0)), NOW);
        DeviceStatus s = tracker.get("sch-01-cab-1").orElseThrow();
        // the boundary of OfflineRule, shared with the device_offline alert (RuleEngineTest raises it at exactly 30 s)
        assertTrue(s.online(NOW + 29_999));
        assertFalse(s.online(NOW + 30_000));
        assertEquals(Map.of("temp_c", 80.0), s.latest());
    }

    @Test
    void lastWillMakesItOfflineAndNewDataBringsItBack() {
        tracker.record(new Reading("sch-01", "sch-01-cab-1", NOW, OptionalLong.empty(), Map.of("temp_c", 80.0)), NOW);
        tracker.record(new DeviceStateChange("sch-01", "sch-01-cab-1", NOW + 1, false), NOW + 1);
        assertFalse(tracker.get("sch-01-cab-1").orElseThrow().online(NOW + 2));
        tracker.record(new Reading("sch-01", "sch-01-cab-1", NOW + 5, OptionalLong.empty(), Map.of("running", true)), NOW + 5);
        DeviceStatus back = tracker.get("sch-01-cab-1").orElseThrow();
        assertTrue(back.online(NOW + 6));
        assertEquals(Map.of("temp_c", 80.0, "running", true), back.latest());
    }

    @Test
    void unknownDevicesAreTrackedAsUnregistered() {
        tracker.record(new Reading("somewhere", "stranger", NOW, OptionalLong.empty(), Map.of("x", 1.0)), NOW);
        DeviceStatus s = tracker.get("stranger").orElseThrow();
        assertFalse(s.registered());
        assertTrue(s.kind().isEmpty());
    }

    @Test
    void anOlderReadingDoesNotOverwriteNewerValues() {
        tracker.record(new Reading("sch-01", "sch-01-cab-1", NOW, OptionalLong.empty(), Map.of("temp_c", 90.0)), NOW);
        tracker.record(new Reading("sch-01", "sch-01-cab-1", NOW - 1000, OptionalLong.empty(), Map.of("temp_c", 50.0)), NOW);
        assertEquals(90.0, tracker.get("sch-01-cab-1").orElseThrow().latest().get("temp_c"));
    }

    @Test
    void aMessageThatTurnsTheStatusSaysSoAndOthersDoNot() {
        Reading first = new Reading("sch-01", "sch-01-cab-1", NOW, OptionalLong.empty(), Map.of("temp_c", 80.0));
        assertEquals(Optional.of(new DeviceStatusChanged("sch-01", "sch-01-cab-1", true, NOW)), tracker.recordAndCompare(first, NOW),
                "first heard");
        assertEquals(Optional.empty(), tracker.recordAndCompare(first, NOW + 10_000), "still online");
        DeviceStateChange will = new DeviceStateChange("sch-01", "sch-01-cab-1", NOW + 11_000, false);
        assertEquals(Optional.of(new DeviceStatusChanged("sch-01", "sch-01-cab-1", false, NOW + 11_000)),
                tracker.recordAndCompare(will, NOW + 11_000), "its Last Will");
        assertEquals(Optional.of(new DeviceStatusChanged("sch-01", "sch-01-cab-1", true, NOW + 12_000)),
                tracker.recordAndCompare(first, NOW + 12_000), "data after the will");
        assertEquals(Optional.of(new DeviceStatusChanged("sch-01", "sch-01-cab-1", true, NOW + 100_000)),
                tracker.recordAndCompare(first, NOW + 100_000), "heard again after silence past the offline rule");
    }
}
