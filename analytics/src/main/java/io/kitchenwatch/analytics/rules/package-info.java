/**
 * The regulations' rules per device kind, fed in event-time order: disinfection cabinets (a verdict for every batch),
 * grease separators, food-waste bins, and the check of a disinfection-line camera against its cabinet's telemetry.
 * Thresholds use hysteresis so a value hovering at one does not flap. Pure, no I/O.
 */
package io.kitchenwatch.analytics.rules;
