package io.kitchenwatch.analytics;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertState;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.HistoryEntry;
import io.kitchenwatch.analytics.disinfection.Verdict;
import io.kitchenwatch.analytics.kpi.CameraUptime;
import io.kitchenwatch.analytics.kpi.Kpi;
import io.kitchenwatch.devices.model.SiteKind;
import io.kitchenwatch.devices.model.Zone;
import io.kitchenwatch.analytics.kpi.KpiCalculator;
import io.kitchenwatch.analytics.kpi.KpiFacts;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KpiCalculatorTest {
    static final long DAY = 86_400_000L;
    static final long T0 = 1_764_374_400_000L;


    private static Alert alert(AlertType type, String site, long opened, long closedAfterMs) {
        List<HistoryEntry> h = closedAfterMs < 0 ? List.of(new HistoryEntry(AlertState.OPEN, opened, "system", ""))
                : List.of(new HistoryEntry(AlertState.OPEN, opened, "system", ""), new HistoryEntry(AlertState.CLOSED, opened + closedAfterMs, "li", ""));
        return new Alert("a-" + opened, site, "d", type, type.severity(), closedAfterMs < 0 ? AlertState.OPEN : AlertState.CLOSED,
                false, opened, opened + Math.max(0, closedAfterMs), opened, 1, 0, Map.of(), h);
    }

    private static CameraUptime cam(String site, SiteKind kind, Zone zone, double share) {
        return new CameraUptime(site, kind, Optional.of(zone), share, Math.round(share * 100));
    }

    @Test
    void computesThePlansFiguresAgainstTheirTargets() {
        Map<Verdict, Long> verdicts = Map.of(Verdict.COMPLIANT, 19L, Verdict.NON_COMPLIANT, 1L);
        List<Alert> alerts = List.of(
                alert(AlertType.DISINFECTION_CYCLE_NONCOMPLIANT, "s", T0 + 1000, 2 * 3_600_000L),
                alert(AlertType.GREASE_LEVEL_ALARM, "r1", T0 + 2000, 4 * 3_600_000L),
                alert(AlertType.WASTE_COLLECTION_OVERDUE, "s2", T0 + 3000, -1),
                alert(AlertType.DEVICE_UNREGISTERED, "x", T0 + 4000, -1),
                alert(AlertType.DEVICE_OFFLINE, "s", T0 - 5 * DAY, -1));
        KpiFacts facts = new KpiFacts(T0, T0 + 2 * DAY, verdicts, alerts, List.of("r1", "r2", "r3", "r4"),
                Map.of("r1", true, "r2", true, "r3", false),
                java.util.Set.of("s", "s2", "s3"), java.util.Set.of("s", "s2"), List.of("c1", "c2"), List.of(
                        cam("c1", SiteKind.SCHOOL_CANTEEN, Zone.RAW_PROCESSING, 0.99), cam("c1", SiteKind.SCHOOL_CANTEEN, Zone.COOKING, 0.95),
                        cam("c1", SiteKind.SCHOOL_CANTEEN, Zone.DISHWASHING, 1.0), cam("c2", SiteKind.SCHOOL_CANTEEN, Zone.RAW_PROCESSING, 1.0),
                        cam("c2", SiteKind.SCHOOL_CANTEEN, Zone.COOKING, 0.94), cam("c2", SiteKind.SCHOOL_CANTEEN, Zone.DISHWASHING, 1.0),
                        cam("p1", SiteKind.DISINFECTION_PLANT, Zone.DISINFECTION_LINE, 1.0), cam("p1", SiteKind.DISINFECTION_PLANT, Zone.DISINFECTION_LINE, 0.9)));
        Map<String, Kpi> k = KpiCalculator.compute(facts).stream().collect(Collectors.toMap(Kpi::id, x -> x));

        assertEquals(0.95, k.get("disinfection_pass_rate").value().getAsDouble(), 1e-12);
        assertEquals(Optional.of(true), k.get("disinfection_pass_rate").meetsTarget(), "19 of 20 is exactly 95 %");
        assertEquals(0.5, k.get("oil_separator_monitored").value().getAsDouble());
        assertEquals(Optional.empty(), k.get("oil_separator_monitored").meetsTarget());
        assertEquals(2, k.get("food_waste_disposal_rate").numerator(), "s2 went overdue");
        assertEquals(3, k.get("food_waste_disposal_rate").denominator());
        Kpi loop = k.get("closed_loop");
        assertEquals(2, loop.numerator());
        assertEquals(3, loop.denominator(), "unregistered devices and alerts opened before the period do not count");
        assertEquals(3.0, loop.extra().getAsDouble(), "median hours to close");
        assertEquals(Optional.of(false), loop.meetsTarget());
        assertEquals(0.5, k.get("sunshine_kitchen_coverage").value().getAsDouble(), "c2's cooking camera was healthy 94 % of the time");
        assertEquals(0.95, k.get("video_intact_rate").value().getAsDouble(), 1e-9);
        assertEquals(Optional.of(false), k.get("video_intact_rate").meetsTarget());
    }

    @Test
    void aPeriodInWhichNothingArrivedHasNoFiguresRatherThanPassingOrFailing() {
        KpiFacts empty = new KpiFacts(T0, T0 + DAY, Map.of(), List.of(), List.of("r1", "r2"), Map.of("r1", false, "r2", false),
                java.util.Set.of("s", "s2"), java.util.Set.of(), List.of("c1"), List.of(
                        new CameraUptime("c1", SiteKind.SCHOOL_CANTEEN, Optional.of(Zone.COOKING), 0, 0),
                        new CameraUptime("p1", SiteKind.DISINFECTION_PLANT, Optional.of(Zone.DISINFECTION_LINE), 0, 0)));
        for (Kpi k : KpiCalculator.compute(empty)) {
            assertTrue(k.value().isEmpty(), k.id() + " has no value");
            assertEquals(Optional.empty(), k.meetsTarget(), k.id() + " neither meets nor misses its target");
            assertTrue(k.noData().isPresent(), k.id() + " says why");
        }
        Map<String, Kpi> k = KpiCalculator.compute(empty).stream().collect(Collectors.toMap(Kpi::id, x -> x));
        assertEquals(2, k.get("food_waste_disposal_rate").denominator(), "the counts stay for reference");
        assertEquals(Optional.of("no waste bin reported in the period"), k.get("food_waste_disposal_rate").noData());

        KpiFacts oneFrame = new KpiFacts(T0, T0 + DAY, Map.of(), List.of(), List.of(), Map.of(), java.util.Set.of(), java.util.Set.of(),
                List.of("c1"), List.of(new CameraUptime("c1", SiteKind.SCHOOL_CANTEEN, Optional.of(Zone.COOKING), 0.001, 1)));
        Kpi coverage = KpiCalculator.compute(oneFrame).get(0);
        assertEquals(Optional.of(false), coverage.meetsTarget(), "one frame is data: the canteen was not covered");
    }
}
