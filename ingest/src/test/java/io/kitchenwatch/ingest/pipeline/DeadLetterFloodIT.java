package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.mqtt.PahoSocketFactory;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.devices.wire.RejectionReason;
import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of malformed messages published as fast as a pipelining device can: every one reaches the dead-letter
 * topic, none is dropped because the ingest's own publishing window was full.
 */
class DeadLetterFloodIT {
    static final int BAD = 10_000;

    @ParameterizedTest
    @EnumSource(Backends.Kind.class)
    void everyMalformedMessageOfAFloodIsDeadLettered(Backends.Kind kind) throws Exception {
        try (Backends backends = Backends.start(kind);
             TestDevice listener = new TestDevice(backends.brokerUri(), "flood-deadletter-listener")) {
            MqttIngest ingest = new MqttIngest(IngestConfig.defaults(backends.brokerUri(), backends.dir()), RegistryLoader.sample(),
                    backends.store(), new DeviceStatusTracker(RegistryLoader.sample()), new SimpleMeterRegistry(), m -> { });
            try {
                ingest.start();
                assertTrue(ingest.awaitConnected(30_000));
                listener.subscribe("kw/deadletter");
                MqttAsyncClient flood = new MqttAsyncClient(backends.brokerUri(), "flooding-device", new MemoryPersistence());
                MqttConnectOptions o = new MqttConnectOptions();
                o.setMaxInflight(5_000);
                o.setSocketFactory(new PahoSocketFactory());
                flood.connect(o).waitForCompletion(10_000);
                Semaphore window = new Semaphore(4_000);
                for (int i = 0; i < BAD; i++) {
                    window.acquire();
                    flood.publish("kw/sch-01/sch-01-cab-1/telemetry", ("{\"values\": {" + i).getBytes(StandardCharsets.UTF_8), 1, false,
                            null, new IMqttActionListener() {
                                @Override
                                public void onSuccess(IMqttToken token) {
                                    window.release();
                                }

                                @Override
                                public void onFailure(IMqttToken token, Throwable e) {
                                    window.release();
                                }
                            });
                }
                assertTrue(window.tryAcquire(4_000, 60, TimeUnit.SECONDS), "the broker acknowledged the whole flood");
                flood.disconnect().waitForCompletion(5_000);
                flood.close();

                int received = await(Duration.ofSeconds(120), () -> listener.received().size(), n -> n >= BAD);
                System.out.printf("DeadLetterFloodIT on " + kind + ": %d malformed published, %d dead letters received, %.0f counted, "
                                + "%.0f dead letters waited for the inflight window%n", BAD, received,
                        ingest.metrics().deadLetteredCount(RejectionReason.BAD_JSON),
                        ingest.metrics().deadLetterRetriedCount());
                assertEquals(BAD, received, "every malformed message is dead-lettered");
                assertEquals(BAD, ingest.metrics().deadLetteredCount(RejectionReason.BAD_JSON));
            } finally {
                ingest.close();
            }
        }
    }
}
