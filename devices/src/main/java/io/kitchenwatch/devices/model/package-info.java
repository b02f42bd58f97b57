/**
 * The domain model of what devices send, after decoding and validation: readings, events, frames and state changes
 * ({@code DeviceMessage}), device, site and zone kinds with their telemetry fields, the one id rule, and the one offline
 * rule that the API's device status and the {@code device_offline} alert share. Plain values; no I/O.
 */
package io.kitchenwatch.devices.model;
