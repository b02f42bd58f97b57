package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.devices.wire.RejectionReason;
import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.kitchenwatch.ingest.fixtures.WindowedPublisher;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static io.kitchenwatch.ingest.fixtures.Eventually.awaitEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault test (f): 100,000 randomly generated bad messages (random bytes, truncated and mangled JSON, bad ids and
 * channels, wrong types, deep nesting, oversized payloads, clocks far off, fake frames), interleaved with 10,000
 * valid readings, plus messages on topics outside the device tree. Every bad message under the device tree is
 * dead-lettered with a known reason and counted, every valid one is stored exactly once, and ingest stays healthy.
 * Each bad message is invalid by construction, so the expected counts are exact; the seed is printed for replay.
 */
class IngestFuzzIT {
    static final int BAD = 100_000;
    static final int VALID = 10_000;
    static final String DEVICE = "sch-01-cab-1";
    static final String TOPIC = "kw/sch-01/" + DEVICE + "/telemetry";
    static final String ID_BREAKERS = " .!@%^&*()=:;,<>?~`'\"\\|{}[]中\u00e9";
    final long seed = Long.getLong("fuzz.seed", System.nanoTime());
    final Random random = new Random(seed);
    final long now = System.currentTimeMillis();

    @Test
    void everyBadMessageIsDeadLetteredAndEveryValidOneStoredOnce() throws Exception {
        System.out.println("IngestFuzzIT: seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        List<Supplier<Message>> generators = List.of(this::randomBytes, this::truncatedJson, this::structuredValue,
                this::badFieldName, this::nonFinite, this::oversized, this::badId, this::unknownChannel,
                this::clockFarOff, this::badEvent, this::deepNesting, this::fakeFrame, this::tooManyValues);
        try (Backends backends = Backends.start(Backends.Kind.EMBEDDED);
             TestDevice listener = new TestDevice(backends.brokerUri(), "fuzz-deadletter-listener")) {
            DeviceStatusTracker tracker = new DeviceStatusTracker(RegistryLoader.sample());
            MqttIngest ingest = new MqttIngest(IngestConfig.defaults(backends.brokerUri(), backends.dir()),
                    RegistryLoader.sample(), backends.store(), tracker, new SimpleMeterRegistry(), m -> { });
            try {
                ingest.start();
                assertTrue(ingest.awaitConnected(30_000));
                listener.subscribe("kw/deadletter");
                long t0 = now - 3_600_000;
                long outsideTree = 0;
                long started = System.nanoTime();
                try (WindowedPublisher device = new WindowedPublisher(backends.brokerUri(), "fuzz-device")) {
                    for (int i = 0, valid = 0; i < BAD; i++) {
                        Message bad = generators.get(random.nextInt(generators.size())).get();
                        device.publish(bad.topic(), bad.payload());
                        if (random.nextInt(50) == 0) {
                            device.publish(random.nextBoolean() ? "kw/sch-01" : "kw/a/b/c/d", "{}".getBytes(StandardCharsets.UTF_8));
                            outsideTree++;
                        }
                        if (i % (BAD / VALID) == 0) {
                            device.publish(TOPIC, ("{\"ts\":" + (t0 + valid * 100L) + ",\"seq\":" + valid
                                    + ",\"values\":{\"temp_c\":" + valid % 90 + ".5,\"running\":true}}").getBytes(StandardCharsets.UTF_8));
                            valid++;
                        }
                    }
                    long acked = device.drain();
                    assertEquals(BAD + VALID + outsideTree, acked, "the broker took every message");
                }
                TimeSeriesStore store = backends.store();
                long stored = awaitEqual(Duration.ofSeconds(120), (long) VALID,
                        () -> store.count(TimeSeriesStore.TELEMETRY, DEVICE, "temp_c", t0, t0 + VALID * 100L));
                List<String[]> letters = await(Duration.ofSeconds(180), listener::received, l -> l.size() >= BAD);
                double seconds = (System.nanoTime() - started) / 1e9;

                Map<String, Long> byReason = new TreeMap<>(letters.stream().collect(Collectors.groupingBy(
                        l -> new JsonObject(l[1]).getString("reason"), Collectors.counting())));
                System.out.printf("IngestFuzzIT: %,d bad + %,d valid + %,d outside the device tree in %.1f s; dead letters %,d %s; "
                        + "stored %,d; duplicates %.0f%n", BAD, VALID, outsideTree, seconds, letters.size(), byReason, stored,
                        ingest.metrics().duplicateCount());
                assertEquals(VALID, stored, "every valid reading stored once");
                assertEquals(BAD, letters.size(), "one dead letter per bad message");
                assertEquals(BAD, ingest.metrics().deadLetteredTotal(), "and each counted");
                Set<String> known = EnumSet.allOf(RejectionReason.class).stream().map(RejectionReason::code).collect(Collectors.toSet());
                assertTrue(known.containsAll(byReason.keySet()), "every reason is a documented one: " + byReason);
                assertTrue(letters.stream().allMatch(l -> !new JsonObject(l[1]).getString("detail", "").isEmpty()), "every letter says why");
                assertEquals(0.0, ingest.metrics().duplicateCount());
                assertEquals(List.of(), await(Duration.ofSeconds(20), () -> ingest.health().problems(), List::isEmpty));
            } finally {
                ingest.close();
            }
        }
    }

    private String valid() {
        return "{\"ts\":" + (now - random.nextInt(3_600_000)) + ",\"seq\":" + random.nextInt(1_000_000)
                + ",\"values\":{\"temp_c\":" + random.nextInt(200) + ".25,\"door_open\":false}}";
    }

    record Message(String topic, byte[] payload) {
    }

    private static Message on(String topic, String json) {
        return new Message(topic, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Random bytes that cannot open a JSON object. */
    private Message randomBytes() {
        byte[] b = new byte[1 + random.nextInt(2_000)];
        random.nextBytes(b);
        String notAnObject = "x0[\"-1tfn]}:,\u0000\u00ff";
        b[0] = (byte) notAnObject.charAt(random.nextInt(notAnObject.length()));
        return new Message(TOPIC, b);
    }

    /** A valid reading cut short: never a complete object. */
    private Message truncatedJson() {
        String v = valid();
        return on(TOPIC, v.substring(0, 1 + random.nextInt(v.length() - 1)));
    }

    /** A value that is an object or an array. */
    private Message structuredValue() {
        String inner = random.nextBoolean() ? "[" + random.nextInt() + "," + random.nextInt() + "]" : "{\"a\":" + random.nextInt() + "}";
        return on(TOPIC, "{\"ts\":" + now + ",\"values\":{\"temp_c\":" + inner + "}}");
    }

    private Message badFieldName() {
        String[] names = {"Temp", "9lives", "_x", "temp-c", "t" + "e".repeat(80), "seq", "ts", "device", "温度", "a b"};
        return on(TOPIC, "{\"ts\":" + now + ",\"values\":{\"" + names[random.nextInt(names.length)] + "\":1}}");
    }

    private Message nonFinite() {
        String[] values = {"NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e400"};
        return on(TOPIC, "{\"ts\":" + now + ",\"values\":{\"temp_c\":" + values[random.nextInt(values.length)] + "}}");
    }

    private Message oversized() {
        char[] fill = new char[16 * 1024 + 1 + random.nextInt(20_000)];
        Arrays.fill(fill, 'x');
        return on(TOPIC, "{\"ts\":" + now + ",\"values\":{\"note\":\"" + new String(fill) + "\"}}");
    }

    private Message badId() {
        StringBuilder id = new StringBuilder("cab");
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            id.insert(random.nextInt(id.length() + 1), ID_BREAKERS.charAt(random.nextInt(ID_BREAKERS.length())));
        }
        String topic = random.nextBoolean() ? "kw/sch-01/" + id + "/telemetry" : "kw/" + id + "/" + DEVICE + "/telemetry";
        return on(topic, valid());
    }

    private Message unknownChannel() {
        String[] channels = {"video", "Telemetry", "telemetryx", "cmd", "x", "events", "frames"};
        return on("kw/sch-01/" + DEVICE + "/" + channels[random.nextInt(channels.length)], valid());
    }

    private Message clockFarOff() {
        long ts = random.nextBoolean() ? now + 3_600_000 + (long) (random.nextDouble() * 3e10)
                : now - 400L * 86_400_000 - (long) (random.nextDouble() * 3e11);
        return on(TOPIC, "{\"ts\":" + ts + ",\"values\":{\"temp_c\":1}}");
    }

    private Message badEvent() {
        String[] events = {"{\"ts\":" + now + ",\"type\":\"explode\"}", "{\"ts\":" + now + "}",
                "{\"ts\":" + now + ",\"type\":\"cycle_start\"}", "{\"ts\":" + now + ",\"type\":42}"};
        return on("kw/sch-01/" + DEVICE + "/event", events[random.nextInt(events.length)]);
    }

    private Message deepNesting() {
        int depth = 500 + random.nextInt(5_000);
        return on(TOPIC, "{\"values\":{\"temp_c\":" + "[".repeat(depth) + "1" + "]".repeat(depth) + "}}");
    }

    private Message fakeFrame() {
        byte[] b = new byte[10 + random.nextInt(5_000)];
        random.nextBytes(b);
        b[0] = (byte) (b[0] == (byte) 0xFF ? 0x00 : b[0]);
        return new Message("kw/sch-01/sch-01-cam-cook/frame", b);
    }

    private Message tooManyValues() {
        String values = java.util.stream.IntStream.range(0, 65 + random.nextInt(100)).mapToObj(i -> "\"f" + i + "\":" + i)
                .collect(Collectors.joining(","));
        return on(TOPIC, "{\"ts\":" + now + ",\"values\":{" + values + "}}");
    }
}
