package io.kitchenwatch.ingest.broker;

import io.kitchenwatch.devices.identity.CredentialKind;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.identity.IssuedCredential;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.SocketFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded broker as a node runs it (closed), attacked with plain Paho clients: every refusal is the broker's,
 * checked by what a trusted subscriber (the ingest's identity) does or does not receive.
 */
class BrokerSecurityIT {
    static final String INGEST = ClosedBroker.INGEST;
    static ClosedBroker closed;
    static CredentialStore credentials;
    static EmbeddedBroker broker;
    static SimpleMeterRegistry meters = new SimpleMeterRegistry();
    static TestDevice ingest;

    @BeforeAll
    static void start() throws Exception {
        closed = ClosedBroker.start(Files.createTempDirectory("kw-broker-security-"), Optional.empty());
        credentials = closed.credentials;
        broker = closed.broker;
        broker.bindMetrics(meters);
        ingest = closed.ingest();
    }

    @AfterAll
    static void stop() throws Exception {
        closed.close();
    }

    @Test
    void anonymousClientsCanNeitherPublishNorSubscribe() {
        MqttException refused = assertThrows(MqttException.class, () -> connect("anon-1", null, null));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode());
        assertTrue(failures("anonymous") >= 1);
    }

    @Test
    void aDevicePublishesOnlyAsItselfAndReadsNothing() throws Exception {
        IssuedCredential cab = credentials.issue("sch-01-cab-1", CredentialKind.DEVICE);
        String own = "kw/sch-01/sch-01-cab-1/telemetry";
        try (TestDevice device = new TestDevice(broker.uri(), cab.username(), cab.username(), cab.password())) {
            device.publish(own, "{\"values\":{\"temp_c\":80}}");
        }
        awaitReceived(own, "{\"values\":{\"temp_c\":80}}");

        for (String forged : List.of("kw/sch-01/sch-01-cam-cook/telemetry", // another device of its site
                "kw/sch-02/sch-01-cab-1/telemetry",                           // its own id under a wrong site
                "kw/rst-01/rst-01-sep-1/telemetry",                           // another site's device
                "kw/alerts/sch-01/sch-01-cab-1")) {                           // the backend's alert topic
            TestDevice device = new TestDevice(broker.uri(), cab.username() + ":forger", cab.username(), cab.password());
            try {
                device.publish(forged, "{\"values\":{\"temp_c\":99}}");
            } catch (MqttException expected) {
                // the broker closes the connection instead of acknowledging
            }
            awaitDisconnected(device);
            device.close();
        }
        try (TestDevice reader = new TestDevice(broker.uri(), cab.username() + ":reader", cab.username(), cab.password())) {
            for (String filter : List.of("kw/#", "kw/+/+/+", own, "kw/alerts/#")) {
                assertThrows(MqttException.class, () -> reader.subscribe(filter), "a device subscribed to " + filter);
            }
        }
        Thread.sleep(500);
        assertTrue(ingest.received().stream().noneMatch(m -> m[1].contains("99")), "a forged reading reached the ingest");
    }

    @Test
    void aWillOnSomeoneElsesTopicIsRefused() throws Exception {
        IssuedCredential bin = credentials.issue("rst-05-bin-1", CredentialKind.DEVICE);
        MqttConnectOptions o = options(bin.username(), bin.password());
        o.setWill("kw/sch-01/sch-01-cab-1/state", "{\"online\":false}".getBytes(StandardCharsets.UTF_8), 1, true);
        MqttClient client = new MqttClient(broker.uri(), bin.username(), new MemoryPersistence());
        assertThrows(MqttException.class, () -> client.connect(o));
        client.close();
        o.setWill("kw/rst-05/rst-05-bin-1/state", "{\"online\":false}".getBytes(StandardCharsets.UTF_8), 1, true);
        MqttClient own = new MqttClient(broker.uri(), bin.username(), new MemoryPersistence());
        own.connect(o);
        own.disconnect();
        own.close();
    }

    @Test
    void nobodyTakesOverTheIngestsOrAnotherDevicesClientId() throws Exception {
        IssuedCredential cam = credentials.issue("sch-02-cam-cook", CredentialKind.DEVICE);
        IssuedCredential cab = credentials.issue("sch-02-cab-1", CredentialKind.DEVICE);
        try (TestDevice victim = new TestDevice(broker.uri(), cab.username(), cab.username(), cab.password())) {
            for (String stolen : List.of(INGEST, cab.username(), "sch-02-cab-1:x")) {
                MqttException refused = assertThrows(MqttException.class, () -> connect(stolen, cam.username(), cam.password()));
                assertEquals(MqttException.REASON_CODE_INVALID_CLIENT_ID, refused.getReasonCode(), stolen);
            }
            MqttException wrongSecret = assertThrows(MqttException.class, () -> connect(INGEST, INGEST, "guess"));
            assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, wrongSecret.getReasonCode());
            // a credential named like the ingest in the file is never consulted
            IssuedCredential planted = credentials.issue(INGEST, CredentialKind.OBSERVER);
            assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION,
                    assertThrows(MqttException.class, () -> connect(INGEST, INGEST, planted.password())).getReasonCode());
            assertTrue(victim.isConnected(), "the device was kicked off");
        }
        assertTrue(ingest.isConnected(), "the ingest was kicked off");
        assertTrue(failures("client_id_not_owned") >= 3);
    }

    @Test
    void anObserverReadsAlertsOnlyAndABridgePublishesForDevicesButNotAlerts() throws Exception {
        IssuedCredential observer = credentials.issue("city-platform", CredentialKind.OBSERVER);
        IssuedCredential bridge = credentials.issue("vendor-cloud", CredentialKind.BRIDGE);
        try (TestDevice reader = new TestDevice(broker.uri(), "city-platform:1", observer.username(), observer.password())) {
            reader.subscribe("kw/alerts/#");
            assertThrows(MqttException.class, () -> reader.subscribe("kw/+/+/telemetry"));
        }
        try (TestDevice reader = new TestDevice(broker.uri(), "city-platform", observer.username(), observer.password())) {
            reader.subscribe("kw/alerts/#");
            ingest.publish("kw/alerts/sch-01/sch-01-cab-1", "{\"id\":\"a-1\"}");
            long until = System.currentTimeMillis() + 10_000;
            while (reader.received().isEmpty() && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertEquals("kw/alerts/sch-01/sch-01-cab-1", reader.received().get(0)[0]);
            assertThrows(MqttException.class, () -> reader.publish("kw/sch-01/sch-01-cab-1/telemetry", "{\"values\":{}}"));
        }
        try (TestDevice gateway = new TestDevice(broker.uri(), "vendor-cloud", bridge.username(), bridge.password())) {
            gateway.publish("kw/rst-02/rst-02-sep-1/telemetry", "{\"values\":{\"grease_pct\":12}}");
            assertThrows(MqttException.class, () -> gateway.subscribe("kw/#"));
        }
        awaitReceived("kw/rst-02/rst-02-sep-1/telemetry", "{\"values\":{\"grease_pct\":12}}");
        TestDevice spoofer = new TestDevice(broker.uri(), "vendor-cloud:2", bridge.username(), bridge.password());
        try {
            spoofer.publish("kw/alerts/sch-01/telemetry", "{\"id\":\"fake\"}");
        } catch (MqttException expected) {
            // closed by the broker
        }
        awaitDisconnected(spoofer);
        spoofer.close();
    }

    @Test
    void rotatedRevokedAndUnregisteredCredentialsAreRefused() throws Exception {
        IssuedCredential first = credentials.issue("sch-03-cab-1", CredentialKind.DEVICE);
        IssuedCredential rotated = credentials.issue("sch-03-cab-1", CredentialKind.DEVICE);
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION,
                assertThrows(MqttException.class, () -> connect("sch-03-cab-1", first.username(), first.password())).getReasonCode());
        MqttClient live = connect("sch-03-cab-1", rotated.username(), rotated.password());
        double dropped = meters.get("kw.broker.revoked.disconnects").functionCounter().count();
        credentials.revoke("sch-03-cab-1");
        // a revoked login does not stay connected until its connection happens to drop
        long until = System.currentTimeMillis() + 10_000;
        while (live.isConnected() && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertFalse(live.isConnected(), "a revoked device stayed connected");
        assertEquals(dropped + 1, meters.get("kw.broker.revoked.disconnects").functionCounter().count());
        live.close();
        assertThrows(MqttException.class, () -> connect("sch-03-cab-1", rotated.username(), rotated.password()));

        IssuedCredential ghost = credentials.issue("not-in-registry-1", CredentialKind.DEVICE);
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED,
                assertThrows(MqttException.class, () -> connect("not-in-registry-1", ghost.username(), ghost.password())).getReasonCode());
    }

    @Test
    void namesNoLoginCouldHaveAreRefusedWithoutFillingTheThrottle() throws Exception {
        for (String odd : List.of("x".repeat(5_000), "a:b", "kw/#", "")) {
            assertThrows(MqttException.class, () -> connect("odd", odd, "whatever"));
        }
        assertTrue(meters.get("kw.broker.auth.throttle.keys").gauge().value() < 50, "odd names became throttle keys");
    }

    @Test
    void repeatedBadPasswordsThrottleThatLoginButNotItsNeighbours() throws Exception {
        IssuedCredential target = credentials.issue("sch-04-cab-1", CredentialKind.DEVICE);
        IssuedCredential neighbour = credentials.issue("sch-04-cam-cook", CredentialKind.DEVICE);
        double badBefore = failures("bad_credentials");
        for (int i = 0; i < BrokerExtension.LOGIN_FAILURES_ALLOWED; i++) {
            assertThrows(MqttException.class, () -> connect("sch-04-cab-1", "sch-04-cab-1", "guess"));
        }
        double throttledBefore = failures("throttled");
        assertEquals(badBefore + BrokerExtension.LOGIN_FAILURES_ALLOWED, failures("bad_credentials"), "checked before the throttle");
        // now even the right password is refused unchecked for a while
        assertThrows(MqttException.class, () -> connect("sch-04-cab-1", target.username(), target.password()));
        assertEquals(throttledBefore + 1, failures("throttled"));
        connect("sch-04-cam-cook", neighbour.username(), neighbour.password()).disconnect();
    }

    private static MqttClient connect(String clientId, String username, String password) throws MqttException {
        return ClosedBroker.connect(broker.uri(), clientId, SocketFactory.getDefault(), username, password);
    }

    private static MqttConnectOptions options(String username, String password) {
        return ClosedBroker.options(username, password);
    }

    private static double failures(String reason) {
        return meters.get("kw.broker.auth.failures").tag("reason", reason).functionCounter().count();
    }

    private static void awaitReceived(String topic, String payload) throws InterruptedException {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            if (ingest.received().stream().anyMatch(m -> m[0].equals(topic) && m[1].equals(payload))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the ingest never received " + payload + " on " + topic);
    }

    private static void awaitDisconnected(TestDevice device) throws InterruptedException {
        long until = System.currentTimeMillis() + 10_000;
        while (device.isConnected() && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertFalse(device.isConnected(), "the broker kept a client that published where it may not");
    }
}
