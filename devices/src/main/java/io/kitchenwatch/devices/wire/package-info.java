/**
 * The MQTT wire contract: the topic tree under its root, strict decoding and validation of payloads into the
 * {@code model} messages (with the bounds a device must keep and the rejection reasons of the dead-letter topic), and
 * the encoder simulators and tests publish with. Pure: no I/O, safe from any thread.
 */
package io.kitchenwatch.devices.wire;
