package io.kitchenwatch.simulator;

import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.Frame;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.WorkingHours;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.devices.wire.ValidationLimits;
import io.kitchenwatch.devices.wire.WireDecoder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Simulated devices speak the contract: everything they send passes the same decoder the backend uses. */
class DeviceModelTest {
    private static final long START = 1_764_374_400_000L; // 2025-11-29T00:00:00Z
    private final WireDecoder decoder = new WireDecoder(TopicScheme.DEFAULT, new ValidationLimits(16384, 2 << 20, 64, 128,
            Duration.ofMinutes(5), Duration.ofDays(100_000)));
    private final WorkingHours allDay = WorkingHours.parse(ZoneId.of("UTC"), List.of("00:00-23:59"));

    @Test
    void hotAirCabinetRunsCompliantCyclesThatReachTheThreshold() throws Exception {
        List<DeviceMessage> out = run(new CabinetModel("s", "cab", "hot_air", new Random(1), () -> false, List.of("sch-1")), "cab", 10_000, Duration.ofHours(3));
        List<DeviceEvent> events = events(out);
        assertTrue(events.stream().filter(e -> e.type().equals("cycle_start")).count() >= 2, events.toString());
        assertEquals(events.stream().filter(e -> e.type().equals("cycle_start")).map(e -> e.attributes().get("batch")).toList().subList(0, 2),
                events.stream().filter(e -> e.type().equals("cycle_end")).map(e -> e.attributes().get("batch")).toList().subList(0, 2));
        assertTrue(maxOf(out, "temp_c") >= 120, "hot air reaches 120 C");
    }

    @Test
    void coldCycleFaultNeverReachesTheThreshold() throws Exception {
        List<DeviceMessage> out = run(new CabinetModel("s", "cab", "hot_air", new Random(1), () -> true, List.of()), "cab", 10_000, Duration.ofHours(3));
        assertTrue(maxOf(out, "temp_c") < 120);
        assertTrue(events(out).stream().anyMatch(e -> e.type().equals("cycle_end")));
    }

    @Test
    void separatorGetsPumpedOutUnlessFaulted() throws Exception {
        List<DeviceMessage> ok = run(new SeparatorModel("s", "sep", allDay, new Random(2), () -> false), "sep", 60_000, Duration.ofDays(2));
        assertTrue(events(ok).stream().anyMatch(e -> e.type().equals("pump_out")));
        assertTrue(maxOf(ok, "grease_pct") < 20);
        List<DeviceMessage> bad = run(new SeparatorModel("s", "sep", allDay, new Random(2), () -> true), "sep", 60_000, Duration.ofDays(1));
        assertTrue(maxOf(bad, "grease_pct") > 25);
    }

    @Test
    void wasteBinIsCollectedDaily() throws Exception {
        List<DeviceMessage> out = run(new WasteBinModel("s", "bin", allDay, 120, new Random(3), () -> false), "bin", 60_000, Duration.ofDays(2));
        assertEquals(2, events(out).stream().filter(e -> e.type().equals("collected")).count());
    }

    @Test
    void cameraSnapshotsAreRealJpegs() throws Exception {
        CameraModel camera = new CameraModel("s", "cam", allDay, new Random(4), () -> false, () -> false, () -> false);
        byte[] jpeg = camera.snapshot(START).payload();
        Frame f = (Frame) decoder.decode("kw/s/cam/frame", jpeg, START);
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(f.jpeg()));
        assertEquals(640, image.getWidth());
        assertEquals(480, image.getHeight());
    }

    @Test
    void nightAndBlackFramesRenderToo() throws Exception {
        SnapshotRenderer renderer = new SnapshotRenderer(42);
        for (boolean lights : new boolean[] {true, false}) {
            for (boolean black : new boolean[] {true, false}) {
                byte[] jpeg = renderer.render(lights, lights ? 2 : 0, black, new Random(5));
                var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
                int centre = image.getRGB(330, 100) & 0xff;
                assertTrue(black ? centre < 20 : centre > 20, "lights=" + lights + " black=" + black + " blue=" + centre);
            }
        }
    }

    private List<DeviceMessage> run(DeviceModel model, String device, long intervalMs, Duration span) throws Exception {
        List<DeviceMessage> out = new ArrayList<>();
        for (long t = START; t < START + span.toMillis(); t += intervalMs) {
            for (Outgoing o : model.step(t)) {
                out.add(decoder.decode("kw/s/" + device + "/" + o.channel().wireName(), o.payload(), t));
            }
        }
        return out;
    }

    private static List<DeviceEvent> events(List<DeviceMessage> out) {
        return out.stream().filter(DeviceEvent.class::isInstance).map(DeviceEvent.class::cast).toList();
    }

    private static double maxOf(List<DeviceMessage> out, String field) {
        return out.stream().filter(Reading.class::isInstance).map(m -> (Double) ((Reading) m).values().get(field))
                .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).max().orElseThrow();
    }
}
