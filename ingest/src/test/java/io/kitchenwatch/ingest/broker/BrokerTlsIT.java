package io.kitchenwatch.ingest.broker;

import io.kitchenwatch.devices.identity.CredentialKind;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.identity.IssuedCredential;
import io.kitchenwatch.devices.mqtt.TlsSockets;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.fixtures.TestCertificates;
import io.kitchenwatch.ingest.pipeline.IngestConfig;
import io.kitchenwatch.ingest.pipeline.MqttIngest;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.SocketFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

import static io.kitchenwatch.ingest.fixtures.Eventually.awaitEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded broker's TLS listener with the certificate it generates on first start: devices log in over TLS with
 * a password or, signed by the configured device CA, with a client certificate; the ingest reads it over ssl://
 * trusting the generated certificate.
 */
class BrokerTlsIT {
    static final String INGEST = ClosedBroker.INGEST;
    static Path dir;
    static ClosedBroker closed;
    static CredentialStore credentials;
    static TestCertificates deviceCa;
    static BrokerTls tls;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("kw-broker-tls-");
        deviceCa = TestCertificates.newCa(dir.resolve("device-ca"), "Tiantai device CA");
        BrokerTls prepared = BrokerTls.prepare(dir.resolve("tls"), "127.0.0.1", 0, Optional.empty(), Optional.empty(),
                Optional.of(deviceCa.caPem()));
        closed = ClosedBroker.start(dir, Optional.of(prepared));
        credentials = closed.credentials;
        tls = closed.broker.tls().orElseThrow();
    }

    @AfterAll
    static void stop() throws Exception {
        closed.close();
    }

    @Test
    void theGeneratedCertificateServesDevicesWithAPasswordOverTls() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls/broker.p12.password"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("hivemq/conf/config.xml"))));
        IssuedCredential cabinet = credentials.issue("sch-02-cab-1", CredentialKind.DEVICE);
        MqttClient device = connect(tlsUri(), cabinet.username(), TlsSockets.trusting(tls.certificatePem()), cabinet.username(),
                cabinet.password());
        device.publish("kw/sch-02/sch-02-cab-1/telemetry", "{\"values\":{\"temp_c\":120.5}}".getBytes(), 1, false);
        device.disconnect();
        device.close();
        awaitEqual(Duration.ofSeconds(10), true, () -> closed.ingest().received().stream().anyMatch(m -> m[1].contains("120.5")));

        // a client that does not trust the certificate, and a plain client on the TLS port, get nowhere
        assertThrows(MqttException.class, () -> connect(tlsUri(), cabinet.username(), TlsSockets.jvmDefault(),
                cabinet.username(), cabinet.password()));
        assertThrows(MqttException.class, () -> connect("tcp://127.0.0.1:" + tls.port(), cabinet.username(),
                SocketFactory.getDefault(), cabinet.username(), cabinet.password()));
        // TLS does not stand in for a login
        assertThrows(MqttException.class, () -> connect(tlsUri(), "anon", TlsSockets.trusting(tls.certificatePem()), null, null));
    }

    @Test
    void aDeviceCertificateSignedByTheDeviceCaIsItsIdentity() throws Exception {
        Path cabinetKeys = deviceCa.issue("sch-03-cab-1");
        MqttClient device = connect(tlsUri(), "sch-03-cab-1", TlsSockets.withClientCertificate(tls.certificatePem(), cabinetKeys,
                TestCertificates.PASSWORD.toCharArray()), null, null);
        device.publish("kw/sch-03/sch-03-cab-1/telemetry", "{\"values\":{\"temp_c\":121.5}}".getBytes(), 1, false);
        awaitEqual(Duration.ofSeconds(10), true, () -> closed.ingest().received().stream().anyMatch(m -> m[1].contains("121.5")));
        // still only as itself
        try {
            device.publish("kw/sch-03/sch-03-cam-cook/telemetry", "{\"values\":{\"fps\":99.5}}".getBytes(), 1, false);
        } catch (MqttException expected) {
            // the broker closes the connection
        }
        awaitEqual(Duration.ofSeconds(10), false, device::isConnected);
        device.close();

        Path stranger = deviceCa.issue("not-a-device-7");
        assertThrows(MqttException.class, () -> connect(tlsUri(), "not-a-device-7", TlsSockets.withClientCertificate(
                tls.certificatePem(), stranger, TestCertificates.PASSWORD.toCharArray()), null, null));
        TestCertificates otherCa = TestCertificates.newCa(dir.resolve("other-ca"), "Someone else's CA");
        Path forged = otherCa.issue("sch-03-cab-1");
        assertThrows(MqttException.class, () -> connect(tlsUri(), "sch-03-cab-1", TlsSockets.withClientCertificate(
                tls.certificatePem(), forged, TestCertificates.PASSWORD.toCharArray()), null, null));
        assertFalse(closed.ingest().received().stream().anyMatch(m -> m[1].contains("99.5")));
    }

    @Test
    void theIngestReadsAnSslBrokerTrustingAGivenCa() throws Exception {
        try (Backends store = Backends.start(Backends.Kind.EMBEDDED)) {
            IngestConfig config = IngestConfig.defaults(tlsUri(), store.dir()).withClientId(INGEST)
                    .withLogin(INGEST, ClosedBroker.INGEST_SECRET, Optional.of(tls.certificatePem()));
            closed.unsubscribeIngest(); // the same identity: one session at a time
            MqttIngest tlsIngest = new MqttIngest(config, RegistryLoader.sample(), store.store(),
                    new DeviceStatusTracker(RegistryLoader.sample()), new SimpleMeterRegistry(), m -> { });
            try {
                tlsIngest.start();
                assertTrue(tlsIngest.awaitConnected(30_000), "the ingest did not connect over TLS");
                IssuedCredential bin = credentials.issue("sch-04-bin-1", CredentialKind.DEVICE);
                long ts = System.currentTimeMillis() - 5_000;
                MqttClient device = connect(tlsUri(), bin.username(), TlsSockets.trusting(tls.certificatePem()), bin.username(),
                        bin.password());
                device.publish("kw/sch-04/sch-04-bin-1/telemetry", ("{\"ts\":" + ts + ",\"values\":{\"weight_kg\":31.5}}").getBytes(), 1, false);
                device.disconnect();
                device.close();
                awaitEqual(Duration.ofSeconds(30), 1L, () -> store.store().count(TimeSeriesStore.TELEMETRY, "sch-04-bin-1", "weight_kg",
                        ts - 1, ts + 1));
            } finally {
                tlsIngest.close();
                closed.subscribeIngest();
            }
        }
    }

    private static String tlsUri() {
        return "ssl://localhost:" + tls.port();
    }

    private static MqttClient connect(String uri, String clientId, SocketFactory sockets, String username, String password)
            throws MqttException {
        return ClosedBroker.connect(uri, clientId, sockets, username, password);
    }
}
