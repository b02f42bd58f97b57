/**
 * How every retry loop waits ({@code RetryPolicy}): exponential backoff reset by a success, with one named policy per
 * loop (store writes, MQTT connects, camera streams, dead letters, stage hand-offs), so they are read and tuned in one
 * place.
 */
package io.kitchenwatch.devices.retry;
