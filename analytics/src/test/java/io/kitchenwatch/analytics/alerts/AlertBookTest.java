package io.kitchenwatch.analytics.alerts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertBookTest {
    private final AlertBook book = new AlertBook();

    private static Finding grease(long ts, double pct) {
        return Finding.raise(AlertType.GREASE_LEVEL_ALARM, "rst-01", "sep", ts, pct, Map.of("grease_pct", pct));
    }

    @Test
    void repeatedTriggersUpdateOneIncident() {
        AlertChange first = book.apply(grease(1000, 26)).orElseThrow();
        assertEquals(AlertChange.Kind.OPENED, first.kind());
        AlertChange worse = book.apply(grease(2000, 31)).orElseThrow();
        AlertChange milder = book.apply(grease(3000, 27)).orElseThrow();
        assertEquals(AlertChange.Kind.WORSENED, worse.kind());
        assertEquals(AlertChange.Kind.REPEATED, milder.kind());
        assertFalse(milder.significant());
        Alert a = milder.alert();
        assertEquals(first.alert().id(), a.id());
        assertEquals(3, a.count());
        assertEquals(31.0, a.worst());
        assertEquals(Map.of("grease_pct", 31.0), a.evidence());
        assertEquals(3000, a.lastSeen());
        assertEquals(1000, a.opened());
        assertEquals(Severity.MAJOR, a.severity());
        assertEquals(1, book.all().size());
    }

    @Test
    void aClearedConditionStaysUntilClosedAndCanReturn() {
        String id = book.apply(grease(1000, 26)).orElseThrow().alert().id();
        Alert cleared = book.apply(Finding.clear(AlertType.GREASE_LEVEL_ALARM, "rst-01", "sep", 5000)).orElseThrow().alert();
        assertTrue(cleared.cleared());
        assertEquals(AlertState.OPEN, cleared.state());
        assertTrue(book.apply(Finding.clear(AlertType.GREASE_LEVEL_ALARM, "rst-01", "sep", 6000)).isEmpty());
        AlertChange back = book.apply(grease(7000, 25)).orElseThrow();
        assertEquals(AlertChange.Kind.RETURNED, back.kind());
        assertEquals(id, back.alert().id());
        assertFalse(back.alert().cleared());
    }

    @Test
    void peopleWalkTheLoopOneStepAtATimeWithNotes() throws Exception {
        String id = book.apply(grease(1000, 26)).orElseThrow().alert().id();
        assertThrows(IllegalTransitionException.class, () -> book.act(id, AlertAction.CLOSE, "li", "done", 2000));
        assertThrows(IllegalTransitionException.class, () -> book.act(id, AlertAction.VERIFY, "li", "", 2000));
        book.act(id, AlertAction.ACK, "inspector-li", "seen, calling the hauler", 2000);
        assertThrows(IllegalTransitionException.class, () -> book.act(id, AlertAction.ACK, "li", "", 2100));
        book.act(id, AlertAction.RECTIFY, "manager-wang", "pumped out by hauler-3", 3000);
        book.act(id, AlertAction.VERIFY, "inspector-li", "checked on site: 3 %", 4000);
        Alert closed = book.act(id, AlertAction.CLOSE, "inspector-li", "closed", 5000).alert();
        assertEquals(AlertState.CLOSED, closed.state());
        assertEquals(List.of(AlertState.OPEN, AlertState.ACKNOWLEDGED, AlertState.RECTIFYING, AlertState.VERIFIED, AlertState.CLOSED),
                closed.history().stream().map(HistoryEntry::state).toList());
        assertEquals("pumped out by hauler-3", closed.history().get(2).note());
        assertEquals("manager-wang", closed.history().get(2).by());
        assertThrows(IllegalTransitionException.class, () -> book.act(id, AlertAction.ACK, "li", "", 6000));

        AlertChange next = book.apply(grease(8000, 26)).orElseThrow();
        assertEquals(AlertChange.Kind.OPENED, next.kind(), "after closing, a new trigger is a new incident");
        assertNotEquals(id, next.alert().id());
    }

    @Test
    void idsDependOnlyOnTheIncident() {
        AlertBook other = new AlertBook();
        other.apply(Finding.raise(AlertType.DEVICE_OFFLINE, "x", "y", 500, 0, Map.of()));
        assertEquals(book.apply(grease(1000, 26)).orElseThrow().alert().id(), other.apply(grease(1000, 30)).orElseThrow().alert().id());
        assertTrue(book.get("a-nothing").isEmpty());
    }

    @Test
    void restoredAlertsKeepTheirIncidentOpen() {
        Alert a = book.apply(grease(1000, 26)).orElseThrow().alert();
        AlertBook restarted = new AlertBook();
        restarted.restore(a);
        assertEquals(AlertChange.Kind.REPEATED, restarted.apply(grease(2000, 26)).orElseThrow().kind());
    }

    @Test
    void aRestoredBookKnowsWhichFindingsItHasTakenIn() throws IllegalTransitionException {
        book.apply(grease(1000, 26));
        Alert cleared = book.apply(Finding.clear(AlertType.GREASE_LEVEL_ALARM, "rst-01", "sep", 5000)).orElseThrow().alert();
        Alert acked = book.act(cleared.id(), AlertAction.ACK, "canteen", "on it", 90_000).alert();
        AlertBook restored = new AlertBook();
        restored.restore(acked);
        assertTrue(restored.reflects(grease(1000, 26)), "its opening");
        assertTrue(restored.reflects(Finding.clear(AlertType.GREASE_LEVEL_ALARM, "rst-01", "sep", 5000)), "its clearing");
        assertFalse(restored.reflects(grease(6000, 25)), "a return after the clear is news, though a person acted later");
        assertFalse(restored.reflects(Finding.raise(AlertType.GREASE_LEVEL_WARNING, "rst-01", "sep", 1000, 26, Map.of())), "another type");

        Alert closed = acked;
        for (AlertAction step : List.of(AlertAction.RECTIFY, AlertAction.VERIFY, AlertAction.CLOSE)) {
            closed = book.act(closed.id(), step, "inspector", "", 100_000).alert();
        }
        AlertBook afterClose = new AlertBook();
        afterClose.restore(closed);
        assertTrue(afterClose.reflects(grease(6000, 25)), "a trigger before the close belonged to the closed alert");
        assertFalse(afterClose.reflects(grease(100_001, 25)), "after the close it opens a new one");
    }
}
