package io.kitchenwatch.analytics.rules;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.kitchenwatch.analytics.engine.AnalyticsSink;
import io.kitchenwatch.analytics.engine.RuleEngine;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.RegistryLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A line camera's derived readings checked against its cabinet's own telemetry. */
class LineCheckTest {
    static final long T0 = 1_764_400_000_000L;
    static final Registry REGISTRY = RegistryLoader.parse("""
            {"regions":[{"id":"c"}],"organizations":[{"id":"o"}],
             "sites":[{"id":"p","kind":"disinfection_plant","organization":"o","region":"c","devices":[
               {"id":"cab","kind":"disinfection_cabinet","interval_s":10,"settings":{"method":"hot_air"}},
               {"id":"cam-light","kind":"camera","zone":"disinfection_line","settings":{"roi":{"x":0.1,"y":0.1,"w":0.1,"h":0.1,"watch":"indicator_light","cabinet":"cab"}}},
               {"id":"cam-door","kind":"camera","zone":"disinfection_line","settings":{"roi":{"x":0.5,"y":0.5,"w":0.2,"h":0.3,"watch":"door","cabinet":"cab"}}}]}]}""", "t");

    private final List<String> seen = new ArrayList<>();
    private final RuleEngine engine = new RuleEngine(REGISTRY, new ThresholdsCatalog(REGISTRY, Thresholds.DEFAULTS), Duration.ZERO,
            new AnalyticsSink() {
                @Override
                public void finding(Finding f) {
                    seen.add((f.raised() ? "+" : "-") + f.type().wireName() + " " + f.device());
                }

                @Override
                public void verdict(BatchVerdict v) {
                }
            });

    private void cabinet(long ts, double temp, boolean running) {
        engine.accept(new Reading("p", "cab", ts, OptionalLong.empty(), Map.of("temp_c", temp, "running", running, "door_open", false)));
    }

    private void camera(String id, long ts, String field, boolean value) {
        engine.accept(new Reading("p", id, ts, OptionalLong.empty(), Map.of(field, value)));
    }

    @Test
    void theLightOffWhileTheCabinetRunsIsAMismatch() {
        cabinet(T0, 25, false);
        camera("cam-light", T0 + 1, "light_on", false);
        camera("cam-light", T0 + 2, "light_on", false);
        assertEquals(List.of(), seen, "off and off agree");
        cabinet(T0 + 10_000, 45, true);
        camera("cam-light", T0 + 10_001, "light_on", false);
        camera("cam-light", T0 + 10_002, "light_on", false);
        assertEquals(List.of("+line_light_mismatch cam-light"), seen);
        camera("cam-light", T0 + 10_003, "light_on", true);
        camera("cam-light", T0 + 10_004, "light_on", true);
        assertEquals(List.of("+line_light_mismatch cam-light", "-line_light_mismatch cam-light"), seen);
    }

    @Test
    void theDoorSeenOpenDuringTheHoldIsAMismatch() {
        engine.accept(new DeviceEvent("p", "cab", T0, OptionalLong.empty(), "cycle_start", Map.of("batch", "B1", "method", "hot_air")));
        cabinet(T0, 102, true);
        camera("cam-door", T0 + 1, "door_open_seen", true);
        camera("cam-door", T0 + 2, "door_open_seen", true);
        assertEquals(List.of(), seen, "heating, not yet holding: loading the cabinet is fine");
        cabinet(T0 + 10_000, 121, true);
        camera("cam-door", T0 + 10_001, "door_open_seen", true);
        camera("cam-door", T0 + 10_002, "door_open_seen", true);
        assertEquals(List.of("+line_door_open_during_hold cam-door"), seen);
    }
}
