package io.kitchenwatch.ingest.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.kitchenwatch.devices.wire.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/** The ingest tier's meters, named {@code kw_*} in Prometheus. */
public final class IngestMetrics {
    private final Counter received;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter writeFailures;
    private final Counter deadLetterRetries;
    private final Counter probesIgnored;
    private final Timer writeLatency;
    private final Map<RejectionReason, Counter> deadLettered = new EnumMap<>(RejectionReason.class);

    public IngestMetrics(MeterRegistry registry, Supplier<Number> queueDepth, Supplier<Number> backlogAgeSeconds,
                         Supplier<Number> behindBrokerSeconds) {
        received = Counter.builder("kw.messages.received").description("MQTT messages received from devices").register(registry);
        stored = Counter.builder("kw.messages.stored").description("device messages durably stored").register(registry);
        duplicates = Counter.builder("kw.messages.duplicate").description("messages dropped as (device, seq) duplicates").register(registry);
        writeFailures = Counter.builder("kw.store.write.failures").description("store writes that failed and were retried").register(registry);
        deadLetterRetries = Counter.builder("kw.deadletters.retried")
                .description("dead letters tried again because the MQTT inflight window was full").register(registry);
        probesIgnored = Counter.builder("kw.ingest.probes.ignored")
                .description("messages on the progress-probe topic this ingest did not send (forged, or from before a restart)")
                .register(registry);
        writeLatency = Timer.builder("kw.store.write.latency").description("time of one batched store write").publishPercentiles(0.5, 0.99).register(registry);
        for (RejectionReason reason : RejectionReason.values()) {
            deadLettered.put(reason, Counter.builder("kw.messages.deadlettered").tag("reason", reason.code())
                    .description("messages refused and sent to the dead-letter topic").register(registry));
        }
        Gauge.builder("kw.ingest.queue.depth", queueDepth)
                .description("messages waiting for the store (bounded; full blocks MQTT intake)").register(registry);
        Gauge.builder("kw.ingest.backlog.age.seconds", backlogAgeSeconds)
                .description("age of the oldest message received and not yet stored (0 when none waits)").register(registry);
        Gauge.builder("kw.ingest.behind.broker.seconds", behindBrokerSeconds)
                .description("how long ago the newest progress probe back through the broker's queue was sent: "
                        + "how far behind that queue ingest is").register(registry);
    }

    public void received() {
        received.increment();
    }

    void stored(int n) {
        stored.increment(n);
    }

    void duplicate() {
        duplicates.increment();
    }

    void writeFailed() {
        writeFailures.increment();
    }

    void probeIgnored() {
        probesIgnored.increment();
    }

    void deadLetterRetried() {
        deadLetterRetries.increment();
    }

    Timer writeLatency() {
        return writeLatency;
    }

    public void deadLettered(RejectionReason reason) {
        deadLettered.get(reason).increment();
    }

    public double receivedCount() {
        return received.count();
    }

    public double storedCount() {
        return stored.count();
    }

    public double duplicateCount() {
        return duplicates.count();
    }

    public double deadLetteredCount(RejectionReason reason) {
        return deadLettered.get(reason).count();
    }

    public double deadLetterRetriedCount() {
        return deadLetterRetries.count();
    }

    public double deadLetteredTotal() {
        return deadLettered.values().stream().mapToDouble(Counter::count).sum();
    }
}
