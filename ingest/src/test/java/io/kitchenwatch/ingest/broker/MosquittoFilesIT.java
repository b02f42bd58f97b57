package io.kitchenwatch.ingest.broker;

import io.kitchenwatch.devices.identity.CredentialKind;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.identity.IssuedCredential;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.ingest.fixtures.MosquittoProcess;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files of {@code kitchenwatch broker-config --mosquitto} in Debian's Mosquitto, tried with plain clients. */
class MosquittoFilesIT {
    @Test
    void mosquittoEnforcesTheEmbeddedBrokersRules() throws Exception {
        Path dir = Files.createTempDirectory("kw-mosquitto-files-");
        CredentialStore credentials = CredentialStore.in(dir);
        IssuedCredential cabinet = credentials.issue("sch-01-cab-1", CredentialKind.DEVICE);
        credentials.issue("retired-9", CredentialKind.DEVICE);
        IssuedCredential observer = credentials.issue("city-platform", CredentialKind.OBSERVER);
        IssuedCredential bridge = credentials.issue("vendor-cloud", CredentialKind.BRIDGE);
        IssuedCredential ingestLogin = credentials.issue("kitchenwatch-ingest", CredentialKind.INGEST);
        int port = io.kitchenwatch.ingest.fixtures.FreePort.pick();
        MosquittoFiles.Written written = MosquittoFiles.write(dir.resolve("mosquitto"), credentials, RegistryLoader.sample(),
                TopicScheme.DEFAULT, "127.0.0.1", port);
        assertEquals(4, written.logins());
        assertEquals(1, written.skippedUnregistered(), "a device login the registry does not list");
        assertFalse(Files.readString(written.passwords()).contains(cabinet.password()));

        try (MosquittoProcess mosquitto = new MosquittoProcess("include_dir " + written.conf().getParent() + "\n")) {
            mosquitto.start();
            try {
            String uri = "tcp://127.0.0.1:" + port; // the listener the files define
            assertThrows(MqttException.class, () -> new TestDevice(uri, "anonymous-1").close(), "anonymous connect accepted");
            assertThrows(MqttException.class, () -> new TestDevice(uri, "sch-01-cab-1", "sch-01-cab-1", "guess").close());

            try (TestDevice ingest = new TestDevice(uri, ingestLogin.username(), ingestLogin.username(), ingestLogin.password());
                 TestDevice city = new TestDevice(uri, observer.username(), observer.username(), observer.password())) {
                ingest.subscribe("kw/+/+/+");
                city.subscribe("kw/alerts/#");
                city.subscribe("kw/+/+/telemetry");
                try (TestDevice reader = new TestDevice(uri, cabinet.username(), cabinet.username(), cabinet.password())) {
                    reader.subscribe("kw/#");
                    try (TestDevice device = new TestDevice(uri, cabinet.username(), cabinet.username(), cabinet.password())) {
                        device.publish("kw/sch-01/sch-01-cab-1/telemetry", "{\"values\":{\"temp_c\":80.5}}");
                    }
                    for (String forged : List.of("kw/sch-01/sch-01-cam-cook/telemetry", "kw/sch-02/sch-01-cab-1/telemetry",
                            "kw/alerts/sch-01/sch-01-cab-1")) {
                        publishRefused(uri, cabinet, forged);
                    }
                    ingest.publish("kw/alerts/sch-01/sch-01-cab-1", "{\"id\":\"a-1\"}");
                    // takes the ingest's client id: Mosquitto replaces it by the thief's username, so the ingest stays
                    try (TestDevice thief = new TestDevice(uri, ingestLogin.username(), bridge.username(), bridge.password())) {
                        assertTrue(thief.isConnected());
                    }
                    try (TestDevice gateway = new TestDevice(uri, bridge.username(), bridge.username(), bridge.password())) {
                        gateway.publish("kw/rst-02/rst-02-sep-1/telemetry", "{\"values\":{\"grease_pct\":12}}");
                    }
                    publishRefused(uri, bridge, "kw/alerts/sch-01/telemetry");
                    awaitTopics(ingest, List.of("kw/sch-01/sch-01-cab-1/telemetry", "kw/rst-02/rst-02-sep-1/telemetry"));
                    awaitTopics(city, List.of("kw/alerts/sch-01/sch-01-cab-1"));
                    Thread.sleep(500);
                    // the ingest also reads its own alert back (its device filter has the alerts' depth), nothing forged
                    assertEquals(List.of("kw/sch-01/sch-01-cab-1/telemetry", "kw/rst-02/rst-02-sep-1/telemetry"),
                            ingest.received().stream().filter(m -> !m[1].contains("a-1")).map(m -> m[0]).toList(),
                            "the ingest got a forged message");
                    assertEquals(List.of("{\"id\":\"a-1\"}"), city.received().stream().map(m -> m[1]).toList(),
                            "the observer read a reading or a forged alert");
                    assertTrue(reader.received().isEmpty(), "a device read something");
                    assertTrue(ingest.isConnected(), "the ingest was pushed off its session");
                }
            }
            } catch (AssertionError | MqttException e) {
                throw new AssertionError(e.getMessage() + "\nMosquitto said:\n" + mosquitto.output(), e);
            }
        }
    }

    /**
     * A publish the ACL denies is dropped. Mosquitto 2.0.11 acknowledges it, or (with {@code max_queued_messages 0},
     * as here) closes the publisher's connection: either way nobody receives it.
     */
    private static void publishRefused(String uri, IssuedCredential login, String topic) throws MqttException {
        try (TestDevice device = new TestDevice(uri, login.username(), login.username(), login.password())) {
            device.publish(topic, "{\"values\":{\"forged\":1}}");
        } catch (MqttException closedByTheBroker) {
            // the broker's other answer to a denied publish
        }
    }

    private static void awaitTopics(TestDevice client, List<String> topics) throws InterruptedException {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until
                && !client.received().stream().map(m -> m[0]).toList().containsAll(topics)) {
            Thread.sleep(50);
        }
        assertTrue(client.received().stream().map(m -> m[0]).toList().containsAll(topics), "never received " + topics);
    }
}
