package io.kitchenwatch.ingest.broker;

import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.SocketFactory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded broker as a node runs it (closed), with a trusted subscriber logged in as the node's ingest on every
 * device topic: what it receives, or does not, is the test's evidence of what the broker let through.
 */
final class ClosedBroker implements AutoCloseable {
    static final String INGEST = "kitchenwatch-ingest-1";
    static final String INGEST_SECRET = "ingest-secret-for-this-test-only";
    final CredentialStore credentials;
    final EmbeddedBroker broker;
    private TestDevice ingest;

    private ClosedBroker(CredentialStore credentials, EmbeddedBroker broker) {
        this.credentials = credentials;
        this.broker = broker;
    }

    /** Starts it in {@code dir} (credentials in {@code dir}, HiveMQ in {@code dir/hivemq}) and lets devices in. */
    static ClosedBroker start(Path dir, Optional<BrokerTls> tls) throws MqttException {
        CredentialStore credentials = CredentialStore.in(dir);
        BrokerAccess access = new BrokerAccess.Closed(credentials, RegistryLoader.sample(), TopicScheme.DEFAULT, INGEST, INGEST_SECRET);
        EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("hivemq"), new BrokerSettings("127.0.0.1", 0,
                BrokerSettings.DEFAULT_MAX_QUEUED_MESSAGES, Set.of(INGEST), access, tls));
        ClosedBroker closed = new ClosedBroker(credentials, broker);
        closed.subscribeIngest();
        broker.admitEveryone();
        return closed;
    }

    TestDevice ingest() {
        return ingest;
    }

    /** Logs the trusted subscriber in (again) and subscribes it to every device topic. */
    void subscribeIngest() throws MqttException {
        ingest = new TestDevice(broker.uri(), INGEST, INGEST, INGEST_SECRET);
        ingest.subscribe("kw/+/+/+");
    }

    /** Logs the trusted subscriber out, so something else may take the ingest's identity. */
    void unsubscribeIngest() throws MqttException {
        ingest.close();
    }

    /** MQTT 3.1.1 only: Paho's default would retry a refused connect as 3.1 and count twice at the broker. */
    static MqttConnectOptions options(String username, String password) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setConnectionTimeout(10);
        if (username != null) {
            o.setUserName(username);
            o.setPassword(password.toCharArray());
        }
        return o;
    }

    /** A connected client, or the broker's refusal (the half-made client closed). */
    static MqttClient connect(String uri, String clientId, SocketFactory sockets, String username, String password)
            throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions o = options(username, password);
        o.setSocketFactory(sockets);
        try {
            client.connect(o);
            return client;
        } catch (MqttException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public void close() throws MqttException {
        ingest.close();
        broker.close();
    }
}
