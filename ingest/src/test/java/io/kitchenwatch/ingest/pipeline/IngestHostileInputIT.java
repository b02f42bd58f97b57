package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.devices.wire.RejectionReason;
import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static io.kitchenwatch.ingest.fixtures.Eventually.awaitEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile devices on a real broker and store: every bad message is dead-lettered with its reason and counted, and
 * every valid message published in between at QoS 1 is stored.
 */
class IngestHostileInputIT {
    static Backends backends;
    static MqttIngest ingest;
    static DeviceStatusTracker tracker;

    @BeforeAll
    static void start() throws Exception {
        backends = Backends.start(Backends.Kind.EMBEDDED);
        tracker = new DeviceStatusTracker(RegistryLoader.sample());
        ingest = new MqttIngest(IngestConfig.defaults(backends.brokerUri(), backends.dir()), RegistryLoader.sample(),
                backends.store(), tracker, new SimpleMeterRegistry(), m -> { });
        ingest.start();
        assertTrue(ingest.awaitConnected(30_000));
    }

    @AfterAll
    static void stop() {
        ingest.close();
        backends.close();
    }

    @Test
    void everyBadMessageIsDeadLetteredWithItsReasonAndEveryGoodOneIsStored() throws Exception {
        byte[] huge = new byte[20_000];
        Arrays.fill(huge, (byte) 'x');
        byte[] notJpeg = new byte[2_000];
        Arrays.fill(notJpeg, (byte) 7);
        Map<String, Object[]> hostile = new LinkedHashMap<>();
        hostile.put("bad json", new Object[] {"kw/sch-01/sch-01-cab-1/telemetry", "{\"values\": {", RejectionReason.BAD_JSON});
        hostile.put("wrong type", new Object[] {"kw/sch-01/sch-01-cab-1/telemetry", "{\"values\":{\"temp_c\":\"hot\"}}", RejectionReason.WRONG_TYPE});
        hostile.put("NaN", new Object[] {"kw/sch-01/sch-01-cab-1/telemetry", "{\"values\":{\"temp_c\":NaN}}", RejectionReason.BAD_JSON});
        hostile.put("Infinity", new Object[] {"kw/sch-01/sch-01-cab-1/telemetry", "{\"values\":{\"temp_c\":1e999}}", RejectionReason.NOT_FINITE});
        hostile.put("huge", new Object[] {"kw/sch-01/sch-01-cab-1/telemetry", huge, RejectionReason.TOO_LARGE});
        hostile.put("bad id", new Object[] {"kw/sch-01/cab 1/telemetry", "{\"values\":{\"temp_c\":1}}", RejectionReason.BAD_ID});
        hostile.put("unknown channel", new Object[] {"kw/sch-01/sch-01-cab-1/video", "{}", RejectionReason.UNKNOWN_CHANNEL});
        hostile.put("not a jpeg", new Object[] {"kw/sch-01/sch-01-cam-cook/frame", notJpeg, RejectionReason.NOT_JPEG});
        hostile.put("future", new Object[] {"kw/sch-01/sch-01-cab-1/telemetry",
                "{\"ts\":" + (System.currentTimeMillis() + 3_600_000) + ",\"values\":{\"temp_c\":1}}", RejectionReason.BAD_TIMESTAMP});

        int valid = 300;
        long t0 = System.currentTimeMillis() - 60_000;
        List<Object[]> bad = List.copyOf(hostile.values());
        try (TestDevice device = new TestDevice(backends.brokerUri(), "hostile-device");
             TestDevice listener = new TestDevice(backends.brokerUri(), "deadletter-listener")) {
            listener.subscribe("kw/deadletter");
            for (int i = 0; i < valid; i++) {
                device.publish("kw/sch-01/sch-01-cab-1/telemetry",
                        "{\"ts\":" + (t0 + i * 100L) + ",\"seq\":" + i + ",\"values\":{\"temp_c\":" + i + ".5,\"running\":true}}");
                if (i % 30 == 0) {
                    Object[] h = bad.get((i / 30) % bad.size());
                    device.publish((String) h[0], h[1] instanceof String s ? s.getBytes() : (byte[]) h[1]);
                }
            }
            // repeat a few seqs: QoS 1 redelivery must not be stored twice
            for (int i = 0; i < 5; i++) {
                device.publish("kw/sch-01/sch-01-cab-1/telemetry",
                        "{\"ts\":" + (t0 + i * 100L) + ",\"seq\":" + i + ",\"values\":{\"temp_c\":" + i + ".5,\"running\":true}}");
            }

            TimeSeriesStore store = backends.store();
            assertEquals((long) valid, awaitEqual(Duration.ofSeconds(30), (long) valid,
                    () -> store.count(TimeSeriesStore.TELEMETRY, "sch-01-cab-1", "temp_c", t0, t0 + valid * 100L)));
            int badCount = valid / 30;
            List<String[]> letters = await(Duration.ofSeconds(10), listener::received, l -> l.size() >= badCount);
            assertEquals(badCount, letters.size());
            Map<String, Long> lettersByReason = new HashMap<>();
            for (String[] letter : letters) {
                JsonObject json = new JsonObject(letter[1]);
                assertTrue(json.getString("detail").length() > 0);
                assertTrue(json.containsKey("payload_b64"));
                lettersByReason.merge(json.getString("reason"), 1L, Long::sum);
            }
            Map<RejectionReason, Long> expected = java.util.stream.IntStream.range(0, badCount).mapToObj(k -> (RejectionReason) bad.get(k % bad.size())[2])
                    .collect(Collectors.groupingBy(r -> r, Collectors.counting()));
            assertEquals(expected.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().code(), Map.Entry::getValue)), lettersByReason);
            for (Map.Entry<RejectionReason, Long> e : expected.entrySet()) {
                assertEquals(e.getValue().doubleValue(), ingest.metrics().deadLetteredCount(e.getKey()), e.getKey().code());
            }
            assertEquals(badCount, ingest.metrics().deadLetteredTotal());
            // the repeats were acknowledged by the broker, not yet necessarily seen by the ingest: wait for them
            assertEquals(5.0, await(Duration.ofSeconds(10), () -> ingest.metrics().duplicateCount(), c -> c >= 5.0));
            assertEquals(valid, await(Duration.ofSeconds(5), () -> ingest.metrics().storedCount(), c -> c >= valid));
            assertEquals((valid - 1) + 0.5, tracker.get("sch-01-cab-1").orElseThrow().latest().get("temp_c"));
        }
    }
}
