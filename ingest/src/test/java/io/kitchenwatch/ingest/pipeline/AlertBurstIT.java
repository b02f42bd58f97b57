package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst of alert changes far beyond the MQTT inflight window (a county's devices turning offline together) reaches
 * a downstream subscriber whole and in order: none is dropped because the window was full (a province run once lost
 * 60,824 that way).
 */
class AlertBurstIT {
    static final int BURST = 20_000;

    @ParameterizedTest
    @EnumSource(Backends.Kind.class)
    void aBurstOfAlertChangesReachesTheAlertTopicsWholeAndInOrder(Backends.Kind kind) throws Exception {
        try (Backends backends = Backends.start(kind);
             TestDevice downstream = new TestDevice(backends.brokerUri(), "alert-burst-listener")) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            MqttIngest ingest = new MqttIngest(IngestConfig.defaults(backends.brokerUri(), backends.dir()), RegistryLoader.sample(),
                    backends.store(), new DeviceStatusTracker(RegistryLoader.sample()), meters, m -> { });
            try {
                ingest.start();
                assertTrue(ingest.awaitConnected(30_000));
                downstream.subscribe("kw/alerts/#");
                for (int i = 0; i < BURST; i++) {
                    ingest.publish("kw/alerts/sch-01/sch-01-cab-1", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                }
                int received = await(Duration.ofSeconds(120), () -> downstream.received().size(), n -> n >= BURST);
                assertEquals(BURST, received);
                List<String> payloads = downstream.received().stream().map(m -> m[1]).toList();
                assertEquals(IntStream.range(0, BURST).mapToObj(i -> "{\"n\":" + i + "}").toList(), payloads, "in the order published");
                assertEquals(0.0, meters.get("kw.backend.publications.dropped").counter().count());
            } finally {
                ingest.close();
            }
        }
    }
}
