/**
 * Pure, event-time analytics over device data: the regulations' rules, statistical detectors, camera analysis and the
 * alert lifecycle. No I/O here: the ingest tier feeds it messages and persists what it decides.
 */
package io.kitchenwatch.analytics;
