package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.fixtures.InfluxDbProcess;
import io.kitchenwatch.ingest.fixtures.MosquittoProcess;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static io.kitchenwatch.ingest.fixtures.Eventually.awaitEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No data loss across outages: the store killed mid-stream, the broker restarted; every QoS 1 message is stored. */
class IngestOutageIT {
    static final String TOPIC = "kw/sch-01/sch-01-cab-1/telemetry";
    Backends backends;
    MosquittoProcess mosquitto;
    InfluxDbProcess influx;
    TimeSeriesStore store;
    MqttIngest ingest;
    long t0 = System.currentTimeMillis() - 3_600_000;

    @BeforeEach
    void start() throws Exception {
        backends = Backends.start(Backends.Kind.MOSQUITTO_INFLUX);
        mosquitto = backends.mosquitto();
        influx = backends.influx();
        store = backends.store();
        ingest = new MqttIngest(IngestConfig.defaults(mosquitto.uri(), backends.dir()),
                RegistryLoader.sample(), store, new DeviceStatusTracker(RegistryLoader.sample()), new SimpleMeterRegistry(), m -> { });
        ingest.start();
        assertTrue(ingest.awaitConnected(30_000));
    }

    @AfterEach
    void stop() {
        ingest.close();
        backends.close();
    }

    private void publish(TestDevice device, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            device.publish(TOPIC, "{\"ts\":" + (t0 + i * 1000L) + ",\"seq\":" + i + ",\"values\":{\"temp_c\":" + i + "}}");
        }
    }

    private long stored() throws Exception {
        return store.count(TimeSeriesStore.TELEMETRY, "sch-01-cab-1", "temp_c", t0, t0 + 1_000_000);
    }

    @Test
    void aStoreOutageDelaysButLosesNothing() throws Exception {
        try (TestDevice device = new TestDevice(mosquitto.uri(), "outage-device")) {
            publish(device, 0, 100);
            assertEquals(100L, awaitEqual(Duration.ofSeconds(20), 100L, this::stored));
            influx.kill();
            publish(device, 100, 250);
            await(Duration.ofSeconds(10), () -> ingest.storeHealthy(), healthy -> !healthy);
            assertEquals(false, ingest.storeHealthy(), "the writer noticed the outage");
            influx.start();
            assertEquals(250L, awaitEqual(Duration.ofSeconds(60), 250L, this::stored));
            assertEquals(250.0, await(Duration.ofSeconds(5), () -> ingest.metrics().storedCount(), c -> c >= 250));
        }
    }

    @Test
    void aBrokerRestartLosesNothing() throws Exception {
        try (TestDevice device = new TestDevice(mosquitto.uri(), "restart-device")) {
            publish(device, 0, 100);
            assertEquals(100L, awaitEqual(Duration.ofSeconds(20), 100L, this::stored));
        }
        mosquitto.stop();
        await(Duration.ofSeconds(10), () -> ingest.isConnected(), connected -> !connected);
        mosquitto.start();
        try (TestDevice device = new TestDevice(mosquitto.uri(), "restart-device-2")) {
            // published before ingest is back: the broker queues them in ingest's persistent session
            publish(device, 100, 200);
        }
        assertEquals(200L, awaitEqual(Duration.ofSeconds(90), 200L, this::stored));
        assertTrue(ingest.awaitConnected(30_000));
    }
}
