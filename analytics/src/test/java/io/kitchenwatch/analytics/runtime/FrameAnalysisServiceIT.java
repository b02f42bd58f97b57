package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.devices.model.Frame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.kitchenwatch.ingest.store.EmbeddedQuestDb;
import io.kitchenwatch.ingest.store.QuestDbStore;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshots analysed on a worker: a camera that goes black raises an alert whose evidence link holds the frame. */
class FrameAnalysisServiceIT {
    private final Random random = new Random(3);
    static EmbeddedQuestDb questDb;
    static QuestDbStore store;

    @BeforeAll
    static void startStore(@TempDir Path dir) throws Exception {
        questDb = EmbeddedQuestDb.start(dir.resolve("questdb"), 0);
        store = new QuestDbStore(questDb);
        store.createTables();
    }

    @AfterAll
    static void stopStore() {
        store.close();
        questDb.close();
    }

    private byte[] scene(boolean black) throws Exception {
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(black ? new Color(5, 5, 5) : new Color(180, 175, 170));
        g.fillRect(0, 0, 640, 480);
        if (!black) {
            g.setColor(Color.DARK_GRAY);
            for (int i = 0; i < 12; i++) {
                g.fillRect(40 + i * 48, 100 + (i % 3) * 90, 30, 160);
            }
        }
        g.dispose();
        for (int i = 0; i < 20_000; i++) {
            int x = random.nextInt(640);
            int y = random.nextInt(480);
            int v = (img.getRGB(x, y) & 0xff) + random.nextInt(5) - 2;
            v = Math.max(0, Math.min(255, v));
            img.setRGB(x, y, (v << 16) | (v << 8) | v);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    @Test
    void aCameraGoingBlackRaisesAnAlertWithItsSnapshot(@TempDir Path dir) throws Exception {
        List<Finding> found = new CopyOnWriteArrayList<>();
        EvidenceStore evidence = new EvidenceStore(dir, Duration.ofDays(7));
        FrameAnalysisService service = new FrameAnalysisService(io.kitchenwatch.devices.registry.RegistryLoader.sample(), store, 1, evidence, new SimpleMeterRegistry(), java.util.Optional.empty(), found::addAll, r -> { });
        service.start();
        long ts = System.currentTimeMillis();
        for (int i = 0; i < 10; i++) {
            service.submit(new Frame("sch-02", "sch-02-cam-cook", ts + i * 10_000L, scene(false)));
            Thread.sleep(30); // one frame at a time, as a camera sends them
        }
        byte[] lastBlack = null;
        for (int i = 10; i < 14; i++) {
            lastBlack = scene(true);
            service.submit(new Frame("sch-02", "sch-02-cam-cook", ts + i * 10_000L, lastBlack));
            Thread.sleep(30);
        }
        await(Duration.ofSeconds(10), () -> found, f -> !f.isEmpty());
        Finding black = found.get(0);
        assertEquals(AlertType.CAMERA_BLACK, black.type());
        assertEquals("sch-02", black.site());
        String link = (String) black.evidence().get("snapshot");
        assertTrue(link.startsWith(EvidenceStore.URL_PREFIX), link);
        Path file = evidence.file(link.substring(EvidenceStore.URL_PREFIX.length())).orElseThrow();
        assertTrue(Files.size(file) > 0);
        assertEquals(List.of(), evidence.file("../../etc/passwd").stream().toList());
        assertEquals(0, evidence.prune(System.currentTimeMillis()));
        assertEquals(found.stream().filter(Finding::raised).count(), evidence.prune(System.currentTimeMillis() + Duration.ofDays(8).toMillis()), found.toString());
        service.close();
        // every analysed frame left a health sample for the camera KPIs: the camera counts as unhealthy from the
        // frame that raised the alert (the third black one) on
        assertEquals(12L, await(Duration.ofSeconds(15), () -> store.count(TimeSeriesStore.CAMERA_HEALTH, "sch-02-cam-cook",
                "healthy_frame", ts, ts + 1_000_000), n -> n >= 12));
        assertEquals(2L, await(Duration.ofSeconds(15), () -> store.count(TimeSeriesStore.CAMERA_HEALTH, "sch-02-cam-cook",
                "unhealthy_frame", ts, ts + 1_000_000), n -> n >= 2));
    }

    @Test
    void aFloodOfFramesKeepsTheNewestAndCountsTheRest(@TempDir Path dir) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FrameAnalysisService service = new FrameAnalysisService(io.kitchenwatch.devices.registry.RegistryLoader.sample(), store, 1, new EvidenceStore(dir, Duration.ofDays(7)), meters, java.util.Optional.empty(), f -> { }, r -> { });
        byte[] jpeg = scene(false);
        for (int i = 0; i < 50; i++) {
            service.submit(new Frame("s", "cam", i, jpeg)); // not started: nothing is taken off the slot yet
        }
        assertEquals(49.0, meters.get("kw.frames.dropped").counter().count());
        service.start();
        await(Duration.ofSeconds(10), () -> meters.get("kw.frames.analysed").counter().count(), c -> c >= 1);
        assertEquals(1.0, meters.get("kw.frames.analysed").counter().count());
        service.close();
    }
}
