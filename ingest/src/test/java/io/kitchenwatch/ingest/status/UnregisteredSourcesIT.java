package io.kitchenwatch.ingest.status;

import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.kitchenwatch.ingest.fixtures.WindowedPublisher;
import io.kitchenwatch.ingest.pipeline.IngestConfig;
import io.kitchenwatch.ingest.pipeline.MqttIngest;
import io.kitchenwatch.ingest.store.SeriesPoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static io.kitchenwatch.ingest.fixtures.Eventually.awaitEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Made-up ids and ids under a wrong site, through a real broker into a real store: kept apart from every registered
 * device's series and status, never handed to analysis, one notice per site, and the ids remembered stay bounded.
 */
class UnregisteredSourcesIT {
    @ParameterizedTest
    @EnumSource(Backends.Kind.class)
    void strangersAreStoredApartCountedPerSiteAndNeverAnalysed(Backends.Kind kind) throws Exception {
        int madeUp = UnregisteredSources.MAX_IDS + 2_000;
        try (Backends backends = Backends.start(kind)) {
            TimeSeriesStore store = backends.store();
            DeviceStatusTracker tracker = new DeviceStatusTracker(RegistryLoader.sample());
            List<DeviceMessage> analysed = new CopyOnWriteArrayList<>();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            MqttIngest ingest = new MqttIngest(IngestConfig.defaults(backends.brokerUri(), backends.dir()), RegistryLoader.sample(),
                    store, tracker, meters, analysed::add);
            try {
                ingest.start();
                assertTrue(ingest.awaitConnected(30_000));
                long t0 = System.currentTimeMillis() - 60_000;
                try (WindowedPublisher flood = new WindowedPublisher(backends.brokerUri(), "stranger-flood")) {
                    for (int i = 0; i < madeUp; i++) {
                        // two sites the registry knows nothing of, and one it knows, all with made-up devices
                        String site = i % 3 == 0 ? "sch-01" : i % 3 == 1 ? "ghost-a" : "ghost-b";
                        flood.publish("kw/" + site + "/fake-" + i + "/state", "{\"online\":false}".getBytes(StandardCharsets.UTF_8));
                    }
                    flood.drain();
                }
                try (TestDevice device = new TestDevice(backends.brokerUri(), "misplaced")) {
                    // a registered cabinet's id under another site, then the cabinet itself
                    device.publish("kw/sch-01/sch-02-cab-1/telemetry", "{\"ts\":" + t0 + ",\"values\":{\"temp_c\":999.5}}");
                    device.publish("kw/sch-02/sch-02-cab-1/telemetry", "{\"ts\":" + (t0 + 1_000) + ",\"values\":{\"temp_c\":80.5}}");
                }
                UnregisteredSources sources = ingest.unregisteredSources();
                awaitEqual(Duration.ofSeconds(60), (long) madeUp + 1,
                        () -> sources.notices().stream().mapToLong(UnregisteredSources.Notice::messages).sum());
                awaitEqual(Duration.ofSeconds(30), 1, () -> analysed.size());

                assertEquals(List.of("sch-02-cab-1"), analysed.stream().map(DeviceMessage::device).toList(), "only the registered one analysed");
                Map<String, UnregisteredSources.Notice> bySite = sources.notices().stream()
                        .collect(Collectors.toMap(UnregisteredSources.Notice::site, n -> n));
                assertEquals(java.util.Set.of("sch-01", "ghost-a", "ghost-b"), bySite.keySet(), "one notice per site");
                assertEquals(1L, bySite.get("sch-01").byReason().get(UnregisteredSources.Reason.WRONG_SITE));
                assertEquals(madeUp / 3, bySite.get("ghost-a").messages());
                assertEquals(UnregisteredSources.MAX_IDS, sources.trackedIds(), "ids remembered are bounded");
                assertEquals(madeUp + 1 - UnregisteredSources.MAX_IDS, sources.untrackedIds(), "every further id still counted");
                assertTrue(bySite.values().stream().allMatch(n -> n.sampleIds().size() <= UnregisteredSources.SAMPLE_IDS));
                assertTrue(tracker.get("fake-1").isEmpty(), "a made-up id got a device status");

                awaitEqual(Duration.ofSeconds(30), 1, () -> store.series("sch-02-cab-1", "temp_c", t0 - 1, t0 + 60_000, 60_000).size());
                List<SeriesPoint> cabinet = store.series("sch-02-cab-1", "temp_c", t0 - 1, t0 + 60_000, 60_000);
                assertEquals(80.5, cabinet.get(0).value(), 1e-9, "the misplaced reading reached the cabinet's series");
                assertEquals(1L, awaitEqual(Duration.ofSeconds(30), 1L,
                        () -> store.count(TimeSeriesStore.UNREGISTERED, "sch-02-cab-1", "bytes", t0 - 1, t0 + 1)));

                Path saved = Files.createTempDirectory("kw-sources-").resolve("sources.json");
                sources.save(saved);
                UnregisteredSources reloaded = new UnregisteredSources();
                reloaded.load(saved);
                assertEquals(sources.notices(), reloaded.notices());
            } finally {
                ingest.close();
            }
        }
    }
}
