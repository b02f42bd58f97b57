package io.kitchenwatch.analytics.bench;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.analytics.alerts.AlertBook;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.kitchenwatch.analytics.engine.AnalyticsSink;
import io.kitchenwatch.analytics.engine.RuleEngine;
import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.devices.wire.ValidationLimits;
import io.kitchenwatch.devices.wire.WireDecoder;
import io.kitchenwatch.devices.wire.WireEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Rule evaluation throughput on one thread (readings per second per core) for the demo county's cabinets,
 * separators and bins, beside the cost of decoding the same readings from their JSON (the baseline, measured in the
 * same run, since figures on these machines are noisy: compare the ratio).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RuleEngineBenchmark {
    private static final long T0 = 1_764_374_400_000L;
    private List<Reading> readings;
    private List<byte[]> payloads;
    private List<String> topics;
    private Registry registry;
    private RuleEngine engine;
    private WireDecoder decoder;
    private int next;

    @Setup(Level.Trial)
    public void history() {
        registry = RegistryLoader.sample();
        decoder = new WireDecoder(TopicScheme.DEFAULT, new ValidationLimits(16384, 1 << 21, 64, 128, Duration.ofDays(36500), Duration.ofDays(36500)));
        Random r = new Random(1);
        readings = new ArrayList<>();
        List<RegisteredDevice> devices = registry.devices().stream().filter(d -> d.kind() != DeviceKind.CAMERA).toList();
        for (int i = 0; i < 2_000; i++) {
            for (RegisteredDevice d : devices) {
                long ts = T0 + i * d.reportInterval().toMillis();
                Map<String, Object> v = switch (d.kind()) {
                    case DISINFECTION_CABINET -> Map.of("temp_c", 25 + (i % 90 < 80 ? 100.0 : 0) + r.nextGaussian(), "running", i % 90 < 80, "door_open", false);
                    case OIL_SEPARATOR -> Map.of("grease_pct", 10 + i * 0.005, "water_level_pct", 55 + r.nextGaussian(), "oil_out_mg_l", 40 + r.nextGaussian() * 3);
                    default -> Map.of("weight_kg", 20 + r.nextDouble(), "lid_open", r.nextInt(10) == 0);
                };
                readings.add(new Reading(d.site(), d.id(), ts, OptionalLong.of(i), v));
            }
        }
        readings.sort(java.util.Comparator.comparingLong(DeviceMessage::ts));
        payloads = readings.stream().map(WireEncoder::telemetry).toList();
        topics = readings.stream().map(m -> "kw/" + m.site() + "/" + m.device() + "/telemetry").toList();
    }

    @Setup(Level.Iteration)
    public void freshEngine() {
        AlertBook book = new AlertBook();
        engine = new RuleEngine(registry, new ThresholdsCatalog(registry, Thresholds.DEFAULTS), Duration.ofSeconds(10), new AnalyticsSink() {
            @Override
            public void finding(Finding f) {
                book.apply(f);
            }

            @Override
            public void verdict(BatchVerdict v) {
            }
        });
        next = 0;
    }

    /** Baseline: decode and validate one telemetry message. */
    @Benchmark
    public void decodeOnly(Blackhole bh) throws Exception {
        int i = next++ % payloads.size();
        bh.consume(decoder.decode(topics.get(i), payloads.get(i), T0));
    }

    /** One reading through every rule of its device (reorder buffer, offline, anomalies, kind rules, alert book). */
    @Benchmark
    public void evaluateRules() {
        int i = next++;
        if (i >= readings.size()) {
            // the history ran out: start again on a fresh engine so time keeps moving forward
            freshEngine();
            i = next++;
        }
        engine.accept(readings.get(i));
    }
}
