package io.kitchenwatch.devices.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an MQTT credential may do; the broker turns it into topic permissions. */
public enum CredentialKind {
    /** One registered device: publishes only under its own site and id, subscribes to nothing. */
    DEVICE,
    /** A downstream system: subscribes to the alert topics only. */
    OBSERVER,
    /**
     * A gateway or a vendor platform that forwards for many devices: publishes on any device's channels, subscribes
     * to nothing. Powerful: issue one only to a system the operator trusts as much as its devices.
     */
    BRIDGE,
    /**
     * A node's ingest at an external broker (Mosquitto, EMQX): reads and writes the whole tree. The embedded broker
     * never accepts one; its own ingest logs in with a secret the node makes up at each start.
     */
    INGEST;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CredentialKind> fromWire(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
    }
}
