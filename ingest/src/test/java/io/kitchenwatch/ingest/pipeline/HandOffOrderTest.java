package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.status.UnregisteredSources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Progress ("everything the broker took before this probe is stored and handed on") must never reach the next stage
 * ahead of the messages it covers: a stage that judged silence against it would call devices offline whose newer
 * messages were still on their way.
 */
class HandOffOrderTest {
    @Test
    void messagesBeforeAProbeAreHandedOnBeforeItsProgress(@TempDir Path dir) {
        Registry registry = RegistryLoader.sample();
        DeviceStatusTracker tracker = new DeviceStatusTracker(registry);
        List<String> seen = new ArrayList<>();
        tracker.progress().onCaughtUp(t -> seen.add("progress " + t));
        StoredHandOff handOff = batch -> batch.forEach(m -> seen.add("stored " + m.ts()));
        IngestConfig config = IngestConfig.defaults("tcp://127.0.0.1:1", dir);
        IngestPipeline pipeline = new IngestPipeline(config, registry, new SnapshotStore(dir), tracker,
                new IngestMetrics(new SimpleMeterRegistry(), () -> 0, () -> 0, () -> 0), new ProgressProbes(),
                new UnregisteredSources(), handOff);

        pipeline.stored(List.of(message(1), message(2), PendingMessage.probe(3, () -> { }, 100), message(4),
                PendingMessage.probe(5, () -> { }, 200), message(6)));

        assertEquals(List.of("stored 1", "stored 2", "progress 100", "stored 4", "progress 200", "stored 6"), seen);
    }

    private static PendingMessage message(long ts) {
        DeviceMessage reading = new Reading("sch-01", "sch-01-cab-1", ts, OptionalLong.of(ts), Map.of("temp_c", 80.0));
        return new PendingMessage("kw/sch-01/sch-01-cab-1/telemetry", new byte[0], reading, List.of(), ts, () -> { });
    }
}
