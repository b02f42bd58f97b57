/**
 * The alert lifecycle: alerts with their types and severities, and the {@code AlertBook} that turns rule findings
 * into one incident per (device, type) and lets people move it through the closed loop detect, acknowledge, rectify,
 * verify, close, one step at a time. Pure and single-threaded; storing and publishing alerts is {@code runtime}'s.
 */
package io.kitchenwatch.analytics.alerts;
