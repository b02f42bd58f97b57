package io.kitchenwatch.analytics.detect;

import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DetectionRulesTest {
    private static List<String> run(DetectionRules rules, List<List<Detection>> frames) {
        List<String> out = new ArrayList<>();
        long ts = 0;
        for (List<Detection> f : frames) {
            for (Finding x : rules.onDetections(ts += 1000, f)) {
                out.add((x.raised() ? "+" : "-") + x.type().wireName());
            }
        }
        return out;
    }

    @Test
    void aClassSeenInTwoFramesRaisesItsAlertAndTwoFramesWithoutClearIt() {
        Detection rat = new Detection("rodent", 0.8f, 1, 2, 3, 4);
        Detection cap = new Detection("chef_hat", 0.9f, 1, 2, 3, 4);
        DetectionRules rules = new DetectionRules("s", "cam", DetectionRules.byName());
        assertEquals(List.of("+rodent", "-rodent"), run(rules, List.of(List.of(rat), List.of(rat, cap), List.of(rat), List.of(), List.of(cap))));
    }

    @Test
    void classesMapToAlertTypesByConfiguration() {
        DetectionRules rules = new DetectionRules("s", "cam", Map.of("person_without_helmet", AlertType.NO_HAT));
        Detection d = new Detection("person_without_helmet", 0.7f, 0, 0, 1, 1);
        assertEquals(List.of("+no_hat"), run(rules, List.of(List.of(d), List.of(d))));
    }
}
