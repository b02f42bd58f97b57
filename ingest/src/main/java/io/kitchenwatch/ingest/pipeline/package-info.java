/**
 * The path of a device message from MQTT to the store: the Paho consumer ({@code MqttIngest}), decode and validate,
 * dead-letter, dedupe by seq, mapping to store rows and batched store writes, with the MQTT acknowledgement sent only
 * once the write (or the dead letter) is done. Also the progress probes, ingest's health and metrics, and each camera's
 * newest snapshot on disk.
 */
package io.kitchenwatch.ingest.pipeline;
