package io.kitchenwatch.analytics.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;

/**
 * One incident: a (device, type) condition from its first trigger until a person closes it.
 *
 * @param cleared   the condition has gone by itself (the alert still waits to be closed)
 * @param count     how many times the condition triggered while the alert was open
 * @param worst     the worst value seen (what "worst" measures depends on the type; higher is worse)
 * @param evidence  what the rule saw at the worst (or latest) trigger
 */
public record Alert(String id, String site, String device, AlertType type, Severity severity, AlertState state,
                    boolean cleared, long opened, long updated, long lastSeen, int count, double worst,
                    Map<String, Object> evidence, List<HistoryEntry> history) {
    public Alert {
        evidence = Map.copyOf(evidence);
        history = List.copyOf(history);
    }

    public boolean isClosed() {
        return state == AlertState.CLOSED;
    }

    /** When a person closed it (the last close in its history), if it is closed. */
    public OptionalLong closedAt() {
        if (!isClosed()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(history.stream().filter(h -> h.state() == AlertState.CLOSED).mapToLong(HistoryEntry::at).max().orElse(updated));
    }

    Alert withHistory(AlertState newState, long at, String by, String note) {
        List<HistoryEntry> h = new ArrayList<>(history);
        h.add(new HistoryEntry(newState, at, by, note));
        return new Alert(id, site, device, type, severity, newState, cleared, opened, Math.max(updated, at), lastSeen,
                count, worst, evidence, h);
    }
}
