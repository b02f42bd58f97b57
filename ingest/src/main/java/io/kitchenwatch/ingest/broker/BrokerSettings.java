package io.kitchenwatch.ingest.broker;

import java.util.Optional;
import java.util.Set;

/**
 * Settings of the embedded broker.
 *
 * @param bindAddress        address the MQTT listener binds to
 * @param port               MQTT port; 0 picks a free one
 * @param maxQueuedMessages  messages the broker keeps, on disk, for one offline or slow persistent session (the
 *                           ingest's backlog); beyond it new messages for that session are dropped and counted
 *                           ({@code kw_broker_dropped_total}), so size it for the longest outage to ride out
 * @param firstClients       client ids admitted before {@link EmbeddedBroker#admitEveryone()}: the ingest connects
 *                           and subscribes before any device can publish, so nothing published is routed to nobody;
 *                           empty admits everyone from the start
 * @param access             who may connect and what they may do
 * @param tls                the MQTT-over-TLS listener, if the broker offers one
 */
public record BrokerSettings(String bindAddress, int port, long maxQueuedMessages, Set<String> firstClients,
                             BrokerAccess access, Optional<BrokerTls> tls) {
    public static final long DEFAULT_MAX_QUEUED_MESSAGES = 1_000_000;
    public static final long MIN_QUEUED_MESSAGES = 1000;

    public BrokerSettings {
        if (maxQueuedMessages < MIN_QUEUED_MESSAGES) {
            throw new IllegalArgumentException("maxQueuedMessages must be at least " + MIN_QUEUED_MESSAGES);
        }
        firstClients = Set.copyOf(firstClients);
    }

    /** Anyone may connect and do anything from the start: for tests and tools that have no ingest to wait for. */
    public static BrokerSettings open(String bindAddress, int port) {
        return new BrokerSettings(bindAddress, port, DEFAULT_MAX_QUEUED_MESSAGES, Set.of(), new BrokerAccess.Open(), Optional.empty());
    }

    /** Whether the listener is reachable from other machines (anything but a loopback address). */
    public boolean exposed() {
        return !(bindAddress.equals("127.0.0.1") || bindAddress.equals("::1") || bindAddress.equals("localhost")
                || bindAddress.startsWith("127."));
    }
}
