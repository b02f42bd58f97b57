package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.ingest.status.IngestProgress;
import io.kitchenwatch.ingest.store.EmbeddedQuestDb;
import io.kitchenwatch.ingest.store.QuestDbStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A device that falls silent is declared offline by a timer at its deadline, not on a polling tick. */
class SilenceDeadlineIT {
    @Test
    void offlineIsRaisedAtTheDeadlineAndClearedByTheNextReading(@TempDir Path dir) throws Exception {
        Registry registry = RegistryLoader.parse("""
                {"regions":[{"id":"c"}],"organizations":[{"id":"o"}],
                 "sites":[{"id":"s","kind":"restaurant","organization":"o","region":"c",
                           "devices":[{"id":"bin-fast","kind":"waste_bin","interval_s":1}]}]}""", "test");
        List<Long> seenAt = new CopyOnWriteArrayList<>();
        try (EmbeddedQuestDb questDb = EmbeddedQuestDb.start(dir, 0); QuestDbStore store = new QuestDbStore(questDb)) {
            store.createTables();
            AnalyticsService analytics = new AnalyticsService(registry, store, Duration.ZERO, new SimpleMeterRegistry(), IngestProgress.wallClock(),
                    alert -> { }, alert -> seenAt.add(System.currentTimeMillis()));
            analytics.start();
            long sent = System.currentTimeMillis();
            analytics.onStored(new Reading("s", "bin-fast", sent, OptionalLong.of(1), Map.of("weight_kg", 3.0)));
            Optional<Alert> offline = await(Duration.ofSeconds(10), () -> analytics.alerts().stream()
                    .filter(a -> a.type() == AlertType.DEVICE_OFFLINE).findFirst(), Optional::isPresent);
            Alert alert = offline.orElseThrow();
            long deadline = alert.opened();
            assertTrue(deadline >= sent + 3_000 && deadline < sent + 3_200, "deadline three 1 s intervals after the reading: " + (deadline - sent));
            await(Duration.ofSeconds(5), () -> seenAt, s -> !s.isEmpty()); // listeners hear of it once it is stored
            assertTrue(seenAt.get(0) - deadline < 1_000, "raised " + (seenAt.get(0) - deadline) + " ms after its deadline");
            assertEquals("silent", alert.evidence().get("reason"));

            analytics.onStored(new Reading("s", "bin-fast", System.currentTimeMillis(), OptionalLong.of(2), Map.of("weight_kg", 3.0)));
            assertTrue(await(Duration.ofSeconds(5), () -> analytics.alert(alert.id()).orElseThrow().cleared(), c -> c));
            analytics.close();
        }
    }
}
