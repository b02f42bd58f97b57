/**
 * The time-series stores behind {@code TimeSeriesStore}: InfluxDB 1.x to 3.x and QuestDB (external, or embedded
 * in this JVM), their one line-protocol write path, the rows written and read back, and the error that tells refused
 * data from an outage. Calls block: run them on worker threads, never on an event loop.
 */
package io.kitchenwatch.ingest.store;
