package io.kitchenwatch.devices.bus;

/**
 * Event-bus addresses shared by every tier, so tiers talk without importing each other. Messages are
 * {@link io.vertx.core.json.JsonObject}s shaped as written here.
 */
public final class BusAddresses {
    /** A reading or event was stored: {@code {site, device, kind, channel, ts, values|event}}. */
    public static final String STORED = "kw.stored";
    /** A device went online or offline: {@code {site, device, online, ts}}. */
    public static final String DEVICE_STATE = "kw.device.state";
    /** An alert changed: the alert JSON of protocol.md. */
    public static final String ALERTS = "kw.alerts";

    private BusAddresses() {
    }
}
