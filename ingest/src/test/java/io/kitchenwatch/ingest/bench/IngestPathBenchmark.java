package io.kitchenwatch.ingest.bench;

import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.wire.RejectedMessageException;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.devices.wire.ValidationLimits;
import io.kitchenwatch.devices.wire.WireDecoder;
import io.kitchenwatch.ingest.store.ClientLineProtocol;
import io.kitchenwatch.ingest.store.LineProtocol;
import io.kitchenwatch.ingest.store.StorePoint;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ingest tier's per-message work, each beside a baseline in the same run (the box is noisy, so only ratios
 * travel): decoding and validating a cabinet reading against parsing its JSON alone, and encoding a batch of 1,000
 * telemetry rows as line protocol against influxdb-client-java's {@code Point} (the encoder used before).
 * Rule evaluation and frame analysis have theirs in the analytics module. Run with {@code scripts/bench-jmh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class IngestPathBenchmark {
    private static final String[][] CABINETS = {
            {"sch-01", "sch-01-cab-1"}, {"sch-02", "sch-02-cab-1"}, {"sch-03", "sch-03-cab-1"}, {"sch-04", "sch-04-cab-1"}};
    private static final long T0 = 1_780_000_000_000L;
    private final WireDecoder decoder = new WireDecoder(new TopicScheme("kw"), ValidationLimits.DEFAULTS);
    private String[] topics;
    private byte[][] payloads;
    private List<StorePoint> batch;
    private long n;

    @Setup
    public void setUp() {
        topics = new String[CABINETS.length];
        payloads = new byte[CABINETS.length][];
        for (int i = 0; i < CABINETS.length; i++) {
            topics[i] = "kw/" + CABINETS[i][0] + "/" + CABINETS[i][1] + "/telemetry";
            payloads[i] = ("{\"seq\":" + i + ",\"ts\":" + T0 + ",\"values\":{\"temp_c\":" + (80.5 + i)
                    + ",\"running\":true,\"door_open\":false}}").getBytes(StandardCharsets.UTF_8);
        }
        batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(new StorePoint("telemetry", Map.of("site", "sch-01", "device", "sch-01-cab-" + (i % 4), "kind", "cabinet",
                    "registered", "true"), Map.of("temp_c", 60 + (i % 500) / 10.0, "running", true, "door_open", false, "seq", (double) i),
                    T0 + i));
        }
    }

    @Benchmark
    public JsonObject baselineParseReadingJson() {
        return new JsonObject(new String(payloads[(int) (n++ & 3)], StandardCharsets.UTF_8));
    }

    @Benchmark
    public DeviceMessage decodeAndValidateReading() throws RejectedMessageException {
        int i = (int) (n++ & 3);
        return decoder.decode(topics[i], payloads[i], T0 + 1);
    }

    @Benchmark
    public String baselineEncodeBatchWithInfluxClient() {
        return ClientLineProtocol.encode(batch);
    }

    @Benchmark
    public String encodeBatchAsLineProtocol() {
        return LineProtocol.encode(batch);
    }
}
