package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.ingest.fixtures.FreePort;
import io.kitchenwatch.ingest.fixtures.InfluxDbProcess;
import io.kitchenwatch.ingest.fixtures.MosquittoProcess;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.InfluxStore;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.kitchenwatch.ingest.fixtures.Eventually.awaitEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker address that accepts TCP but never answers CONNECT (a broker hung while shutting down) must not leave
 * ingest stuck: once a real broker answers there, ingest connects and stores what devices publish.
 */
class SilentBrokerIT {
    @Test
    void ingestRecoversFromAConnectThatNeverCompletes() throws Exception {
        int port = FreePort.pick();
        List<Socket> held = new ArrayList<>();
        ServerSocket silent = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(silent.accept()); // accept, read nothing, answer nothing
                }
            } catch (Exception ignored) {
                // closed by the test
            }
        });
        acceptor.start();
        try (InfluxDbProcess influx = new InfluxDbProcess()) {
            influx.start();
            InfluxStore store = new InfluxStore(influx.url(), "", "kitchenwatch", "kitchenwatch", true);
            store.createDatabaseIfMissing();
            MqttIngest ingest = new MqttIngest(IngestConfig.defaults("tcp://127.0.0.1:" + port, Files.createTempDirectory("kw-silent-")),
                    RegistryLoader.sample(), store, new DeviceStatusTracker(RegistryLoader.sample()), new SimpleMeterRegistry(), m -> { });
            ingest.start();
            Thread.sleep(17_000); // past the first connect's 15 s wait: Paho is now mid-connect to a server that never answers
            assertTrue(!held.isEmpty(), "ingest reached the silent server");
            silent.close();
            for (Socket s : held) {
                s.close();
            }
            try (MosquittoProcess mosquitto = new MosquittoProcess(port)) {
                mosquitto.start();
                assertTrue(ingest.awaitConnected(60_000), "ingest connected once a broker answered");
                long t0 = System.currentTimeMillis() - 60_000;
                try (TestDevice device = new TestDevice(mosquitto.uri(), "after-silence")) {
                    for (int i = 0; i < 20; i++) {
                        device.publish("kw/sch-01/sch-01-cab-1/telemetry", "{\"ts\":" + (t0 + i * 1000L) + ",\"values\":{\"temp_c\":" + i + "}}");
                    }
                }
                assertEquals(20L, awaitEqual(Duration.ofSeconds(20), 20L,
                        () -> store.count(TimeSeriesStore.TELEMETRY, "sch-01-cab-1", "temp_c", t0, t0 + 60_000)));
            } finally {
                ingest.close();
                store.close();
            }
        } finally {
            silent.close();
            acceptor.join(2_000);
        }
    }
}
