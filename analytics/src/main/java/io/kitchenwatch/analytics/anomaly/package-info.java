/**
 * Statistical checks on numeric telemetry: EWMA z-score after a warm-up, stuck sensor and rate of change, with the
 * checks that suit each field of each device kind ({@code AnomalyProfiles}). Pure, event-time, no I/O.
 */
package io.kitchenwatch.analytics.anomaly;
