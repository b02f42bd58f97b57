/**
 * The rule engine: puts each device's messages back in event-time order and runs them through its kind's rules, the
 * statistical checks, the line camera check and the offline watch, handing findings and batch verdicts to an
 * {@code AnalyticsSink}. State is per device and self-contained; one thread feeds it, no I/O.
 */
package io.kitchenwatch.analytics.engine;
