/**
 * The ingest tier: consumes device messages from MQTT with Paho ({@code mqtt}), runs them through the named steps
 * decode, validate, dead-letter, dedupe and store ({@code pipeline}), and owns the time-series stores
 * ({@code store}) and the embedded broker ({@code broker}). An MQTT message is acknowledged only after the store has
 * accepted it, or after a rejected one reached the dead-letter topic.
 */
package io.kitchenwatch.ingest;
