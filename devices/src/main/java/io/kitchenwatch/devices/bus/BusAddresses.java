package io.kitchenwatch.devices.bus;

/**
 * Event-bus addresses shared by every tier, so tiers talk without importing each other. Messages are
 * {@link io.vertx.core.json.JsonObject}s shaped as written here.
 */
public final class BusAddresses {
    /**
     * A device message was stored: {@code {site, device, ts, channel}} plus {@code values} (telemetry),
     * {@code type, attributes} (event) or {@code online} (state); frames carry no picture here.
     */
    public static final String STORED = "kw.stored";
    /** An alert changed: the alert JSON of protocol.md. */
    public static final String ALERTS = "kw.alerts";

    private BusAddresses() {
    }
}
