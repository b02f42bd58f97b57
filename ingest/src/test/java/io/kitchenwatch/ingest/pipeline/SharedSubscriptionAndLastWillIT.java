package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.fixtures.MosquittoProcess;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static io.kitchenwatch.ingest.fixtures.Eventually.awaitEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two ingest nodes on one Mosquitto share the device topics; a device that vanishes is marked offline by its Will. */
class SharedSubscriptionAndLastWillIT {
    static Backends backends;
    static MosquittoProcess mosquitto;
    static TimeSeriesStore store;
    static DeviceStatusTracker tracker;
    static MqttIngest first;
    static MqttIngest second;

    @BeforeAll
    static void start() throws Exception {
        backends = Backends.start(Backends.Kind.MOSQUITTO_INFLUX);
        mosquitto = backends.mosquitto();
        store = backends.store();
        tracker = new DeviceStatusTracker(RegistryLoader.sample());
        first = node("ingest-a");
        second = node("ingest-b");
    }

    private static MqttIngest node(String clientId) throws Exception {
        IngestConfig base = IngestConfig.defaults(mosquitto.uri(), Files.createTempDirectory("kw-shared-")).withClientId(clientId);
        IngestConfig shared = new IngestConfig(base.brokerUri(), base.clientId(), "", "", "kw", Optional.of("kw-ingest"),
                base.maxInflight(), base.queueCapacity(), base.batchSize(), base.linger(), base.snapshotDir(), base.limits(),
                Optional.empty());
        MqttIngest ingest = new MqttIngest(shared, RegistryLoader.sample(), store, tracker, new SimpleMeterRegistry(), m -> { });
        ingest.start();
        assertTrue(ingest.awaitConnected(30_000));
        return ingest;
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        backends.close();
    }

    @Test
    void twoNodesSplitTheMessagesAndTogetherStoreAll() throws Exception {
        long t0 = System.currentTimeMillis() - 600_000;
        int n = 400;
        try (TestDevice device = new TestDevice(mosquitto.uri(), "shared-device")) {
            for (int i = 0; i < n; i++) {
                device.publish("kw/sch-02/sch-02-cab-1/telemetry", "{\"ts\":" + (t0 + i * 100L) + ",\"seq\":" + i + ",\"values\":{\"temp_c\":" + i + "}}");
            }
        }
        assertEquals((long) n, awaitEqual(Duration.ofSeconds(30), (long) n,
                () -> store.count(TimeSeriesStore.TELEMETRY, "sch-02-cab-1", "temp_c", t0, t0 + n * 100L)));
        // the store shows rows a moment before the nodes count them (they count after the write returns)
        double both = await(Duration.ofSeconds(5), () -> first.metrics().storedCount() + second.metrics().storedCount(), s -> s >= n);
        assertTrue(both >= n, "stored by the two nodes: " + both);
        assertTrue(first.metrics().storedCount() > 0 && second.metrics().storedCount() > 0,
                "both nodes took a share: " + first.metrics().storedCount() + " / " + second.metrics().storedCount());
    }

    @Test
    void aDeviceThatDropsWithoutDisconnectGoesOfflineByItsLastWill() throws Exception {
        String stateTopic = "kw/rst-05/rst-05-bin-1/state";
        MqttAsyncClient device = new MqttAsyncClient(mosquitto.uri(), "will-device", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setWill(stateTopic, "{\"online\":false}".getBytes(StandardCharsets.UTF_8), 1, true);
        options.setKeepAliveInterval(2);
        device.connect(options).waitForCompletion(10_000);
        device.publish(stateTopic, "{\"online\":true}".getBytes(StandardCharsets.UTF_8), 1, true).waitForCompletion(5_000);
        device.publish("kw/rst-05/rst-05-bin-1/telemetry", "{\"values\":{\"weight_kg\":12.5}}".getBytes(StandardCharsets.UTF_8), 1, false)
                .waitForCompletion(5_000);
        var online = await(Duration.ofSeconds(10), () -> tracker.get("rst-05-bin-1").orElseThrow(),
                s -> s.online(System.currentTimeMillis()));
        assertTrue(online.online(System.currentTimeMillis()));

        device.disconnectForcibly(0, 0, false);   // the socket closes without DISCONNECT: the broker sends the Will
        var offline = await(Duration.ofSeconds(15), () -> tracker.get("rst-05-bin-1").orElseThrow(),
                s -> !s.online(System.currentTimeMillis()));
        assertFalse(offline.online(System.currentTimeMillis()));
        assertEquals(Optional.of(false), offline.reportedOnline());
        assertEquals(12.5, offline.latest().get("weight_kg"));
        device.close();
    }
}
