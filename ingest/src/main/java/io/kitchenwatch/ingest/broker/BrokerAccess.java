package io.kitchenwatch.ingest.broker;

import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.wire.TopicScheme;

/**
 * Who may connect to the embedded broker. A node always runs it {@link Closed}; {@link Open} exists for tests and
 * tools that need a plain broker, and cannot be chosen by configuration.
 */
public sealed interface BrokerAccess {
    /** Anyone may connect and do anything (no credentials). */
    record Open() implements BrokerAccess {
    }

    /**
     * Credentials required, permissions by {@link BrokerAccessPolicy}.
     *
     * @param credentials  the devices', observers' and bridges' logins
     * @param registry     where a device's site comes from (an unregistered device id cannot log in)
     * @param topics       the topic tree permissions are granted on
     * @param ingestClientId the ingest's client id, which is also its username
     * @param ingestSecret the ingest's password, made up by the node at each start and kept in memory only
     */
    record Closed(CredentialStore credentials, Registry registry, TopicScheme topics, String ingestClientId,
                  String ingestSecret) implements BrokerAccess {
        @Override
        public String toString() {
            return "Closed[" + credentials.file() + ", ingest " + ingestClientId + "]";
        }
    }
}
