package io.kitchenwatch.ingest.broker;

import java.util.Optional;

/**
 * Who a connection authenticated as.
 *
 * @param username the credential's name: a device id, an observer's or bridge's name, or the ingest's client id
 * @param role     what it may do
 * @param site     a device's own site (empty for the others)
 */
public record MqttIdentity(String username, Role role, Optional<String> site) {
    public enum Role { INGEST, DEVICE, OBSERVER, BRIDGE }

    public static MqttIdentity ingest(String clientId) {
        return new MqttIdentity(clientId, Role.INGEST, Optional.empty());
    }

    public static MqttIdentity device(String id, String site) {
        return new MqttIdentity(id, Role.DEVICE, Optional.of(site));
    }

    /**
     * Client ids are bound to identities, so nobody can take over (and kick off) another's session: the ingest uses
     * exactly its own, everyone else their username or their username followed by {@code :} and a suffix of their
     * choice (ids never contain {@code :}, so one name cannot be the prefix of another's).
     */
    public boolean mayUseClientId(String clientId) {
        if (role == Role.INGEST) {
            return clientId.equals(username);
        }
        return clientId.equals(username) || clientId.startsWith(username + ":");
    }
}
