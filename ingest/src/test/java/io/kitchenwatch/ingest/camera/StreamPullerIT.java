package io.kitchenwatch.ingest.camera;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pulling a camera's stream with FFmpeg: a real clip becomes snapshots; a dead stream is retried, not fatal. */
class StreamPullerIT {
    @Test
    void aVideoBecomesSnapshotsAtTheCamerasInterval() throws Exception {
        List<byte[]> snapshots = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (StreamPuller puller = new StreamPuller("sch-01-cam-cook", "/usr/share/doc/opencv-doc/examples/data/vtest.avi",
                Duration.ofMillis(300), meters, (device, jpeg) -> snapshots.add(jpeg))) {
            puller.start();
            await(Duration.ofSeconds(20), () -> snapshots.size(), n -> n >= 3);
        }
        assertTrue(snapshots.size() >= 3, "snapshots: " + snapshots.size());
        var image = ImageIO.read(new ByteArrayInputStream(snapshots.get(0)));
        assertEquals(768, image.getWidth());
        assertEquals(576, image.getHeight());
    }

    @Test
    void aDeadStreamIsRetriedWithBackoff() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (StreamPuller puller = new StreamPuller("cam-x", "rtsp://127.0.0.1:1/nothing", Duration.ofSeconds(1), meters, (d, j) -> { })) {
            puller.start();
            double failures = await(Duration.ofSeconds(20), () -> meters.get("kw.streams.failures").counter().count(), n -> n >= 2);
            assertTrue(failures >= 2, "retried " + failures + " times");
        }
    }
}
