package io.kitchenwatch.devices.bus;

import io.vertx.core.json.JsonObject;

/**
 * An alert as it is after a change, in the alert JSON of protocol.md ({@code alert}), with what scoping needs beside
 * it. {@code significant} changes (opened, a new state, cleared) are stored and published on MQTT; the others only
 * refresh what is shown (a worse value while open).
 */
public record AlertChanged(String id, String site, String device, boolean significant, JsonObject alert) {
}
