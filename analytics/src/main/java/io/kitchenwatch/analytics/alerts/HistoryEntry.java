package io.kitchenwatch.analytics.alerts;

/** One step of an alert's life: the state it is in after the step, when, who, and what they said. */
public record HistoryEntry(AlertState state, long at, String by, String note) {
}
