/**
 * The ingest tier: consumes device messages from MQTT with Paho ({@code mqtt}), runs them through the named steps
 * decode, validate, dead-letter, dedupe and store ({@code pipeline}), and owns the time-series stores
 * ({@code store}) and the embedded broker with its access control ({@code broker}: logins, client-id ownership,
 * topic permissions, throttling). Messages from sources the registry does not list at that site are stored apart and
 * counted per site ({@code status.UnregisteredSources}), never analysed. An MQTT message is acknowledged only after the store has
 * accepted it, or after a rejected one reached the dead-letter topic.
 */
package io.kitchenwatch.ingest;
