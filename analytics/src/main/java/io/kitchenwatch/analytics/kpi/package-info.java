/**
 * The county plan's KPIs for a region and period (docs/domain-rules.md), computed from facts the caller gathers
 * ({@code KpiFacts}: batch verdicts, alerts, reporting separators, camera uptime). Pure, no I/O.
 */
package io.kitchenwatch.analytics.kpi;
