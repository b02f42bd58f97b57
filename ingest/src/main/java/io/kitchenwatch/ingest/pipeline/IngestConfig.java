package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.wire.ValidationLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the ingest tier.
 *
 * @param brokerUri         MQTT broker, e.g. {@code tcp://127.0.0.1:1883}
 * @param clientId          stable client id: the broker keeps this node's session (and queued QoS 1 messages) by it
 * @param username          MQTT user name, empty for none
 * @param password          MQTT password, empty for none
 * @param topicRoot         root of the topic tree ({@code kw})
 * @param sharedGroup       when present, subscribe as {@code $share/<group>/...} so several nodes split the load
 * @param maxInflight       Paho max inflight (outgoing dead letters); at least 1000
 * @param queueCapacity     messages waiting for the store; when full the MQTT callback waits (policy: block the
 *                          producer, so the broker holds the backlog and nothing is dropped)
 * @param batchSize         most points written in one store call
 * @param linger            how long a partial batch waits for more messages; zero writes whatever is queued at once
 *                          (natural batching), which suits brokers: they send a client only a few unacknowledged
 *                          messages (Mosquitto 20 by default, EMQX 32), so a lingering batch holds back the very
 *                          acknowledgements the broker waits for before it sends more (scripts/bench-ingest)
 * @param snapshotDir       where the newest frame of each camera is kept
 * @param limits            bounds on device messages
 * @param trustedCa         for an {@code ssl://} broker: a PEM file of the CA certificates to trust; empty = the JVM's
 */
public record IngestConfig(String brokerUri, String clientId, String username, String password, String topicRoot,
                           Optional<String> sharedGroup, int maxInflight, int queueCapacity, int batchSize,
                           Duration linger, Path snapshotDir, ValidationLimits limits, Optional<Path> trustedCa) {
    public IngestConfig {
        if (maxInflight < 1000) {
            throw new IllegalArgumentException("maxInflight must be at least 1000 (Paho's default 10 stalls QoS 1)");
        }
        if (queueCapacity < batchSize) {
            throw new IllegalArgumentException("queueCapacity must hold at least one batch");
        }
    }

    @Override
    public String toString() {
        return "IngestConfig[" + brokerUri + ", client " + clientId + (username.isEmpty() ? "" : ", user " + username)
                + ", root " + topicRoot + sharedGroup.map(g -> ", shared " + g).orElse("") + "]";
    }

    public static IngestConfig defaults(String brokerUri, Path dataDir) {
        return new IngestConfig(brokerUri, "kitchenwatch-ingest-1", "", "", "kw", Optional.empty(), 1000, 20_000,
                5_000, Duration.ZERO, dataDir.resolve("snapshots"), ValidationLimits.DEFAULTS, Optional.empty());
    }

    public IngestConfig withClientId(String id) {
        return new IngestConfig(brokerUri, id, username, password, topicRoot, sharedGroup, maxInflight, queueCapacity,
                batchSize, linger, snapshotDir, limits, trustedCa);
    }

    /** The same, logging in as {@code user} over TLS trusting {@code ca}: an external broker's ssl:// listener. */
    public IngestConfig withLogin(String user, String secret, Optional<Path> ca) {
        return new IngestConfig(brokerUri, clientId, user, secret, topicRoot, sharedGroup, maxInflight, queueCapacity,
                batchSize, linger, snapshotDir, limits, ca);
    }
}
