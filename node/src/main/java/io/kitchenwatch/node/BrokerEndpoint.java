package io.kitchenwatch.node;

import io.kitchenwatch.devices.lifecycle.Closer;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.identity.MqttPasswordHash;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.ingest.broker.BrokerAccess;
import io.kitchenwatch.ingest.broker.BrokerSettings;
import io.kitchenwatch.ingest.broker.BrokerTls;
import io.kitchenwatch.ingest.broker.EmbeddedBroker;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.config.Setting;

import java.util.Optional;
import java.util.Set;

/**
 * The broker ingest reads from: the configured external one, or an embedded HiveMQ started here (closed to anyone
 * without a login; its own ingest logs in with a secret made up now and kept in memory only).
 *
 * @param embedded the embedded broker, which keeps devices out until ingest has subscribed; empty for an external one
 * @param exposed  whether the embedded broker listens on more than loopback
 */
record BrokerEndpoint(String uri, Optional<EmbeddedBroker> embedded, String ingestUsername, String ingestPassword, boolean exposed) {
    static BrokerEndpoint open(KitchenWatchConfig config, Registry registry, CredentialStore credentials, Closer closer) throws Exception {
        Optional<String> external = config.externalBroker();
        if (external.isPresent()) {
            return new BrokerEndpoint(external.get(), Optional.empty(), config.get(Setting.MQTT_USERNAME), config.get(Setting.MQTT_PASSWORD), false);
        }
        String ingestClientId = config.get(Setting.MQTT_CLIENT_ID);
        String ingestPassword = MqttPasswordHash.randomSecret();
        BrokerAccess access = new BrokerAccess.Closed(credentials, registry, new TopicScheme(config.get(Setting.TOPIC_ROOT)),
                ingestClientId, ingestPassword);
        Optional<BrokerTls> tls = Optional.empty();
        if (config.mqttTlsPort().isPresent()) {
            tls = Optional.of(BrokerTls.prepare(config.dataDir().resolve("tls"), config.get(Setting.MQTT_TLS_BIND),
                    config.mqttTlsPort().getAsInt(), config.mqttTlsKeystore(), config.mqttTlsKeystorePassword(),
                    config.mqttTlsClientCa()));
        }
        BrokerSettings settings = new BrokerSettings(config.mqttBind(), config.mqttPort(), config.brokerQueueMessages(),
                Set.of(ingestClientId), access, tls);
        EmbeddedBroker broker = closer.push(EmbeddedBroker.start(config.dataDir().resolve("hivemq"), settings));
        return new BrokerEndpoint(broker.uri(), Optional.of(broker), ingestClientId, ingestPassword, settings.exposed());
    }

    /** Clients in this process (the demo fleet) reach a broker bound to every address on loopback. */
    String localUri() {
        return uri.replace("//0.0.0.0:", "//127.0.0.1:");
    }

    @Override
    public String toString() {
        return "BrokerEndpoint[" + uri + "]";
    }
}
