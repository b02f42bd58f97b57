package io.kitchenwatch.simulator;

import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.WorkingHours;
import io.kitchenwatch.devices.wire.Channel;
import io.kitchenwatch.devices.wire.WireEncoder;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** A sunshine-kitchen or disinfection-line camera: stream telemetry on simulated time, snapshots on wall time. */
final class CameraModel implements DeviceModel {
    private final String site;
    private final String device;
    private final WorkingHours hours;
    private final Random random;
    private final BooleanSupplier black;
    private final BooleanSupplier intruder;
    private final BooleanSupplier covered;
    private final SnapshotRenderer renderer;
    private long seq;

    CameraModel(String site, String device, WorkingHours hours, Random random, BooleanSupplier black, BooleanSupplier intruder,
                BooleanSupplier covered) {
        this.intruder = intruder;
        this.covered = covered;
        this.site = site;
        this.device = device;
        this.hours = hours;
        this.random = random;
        this.black = black;
        this.renderer = new SnapshotRenderer(device.hashCode());
    }

    @Override
    public List<Outgoing> step(long ts) {
        Map<String, Object> values = Map.of("fps", 25.0, "bitrate_kbps", (double) (1800 + random.nextInt(400)));
        return List.of(new Outgoing(Channel.TELEMETRY, WireEncoder.telemetry(new Reading(site, device, ts, OptionalLong.of(seq++), values))));
    }

    Outgoing snapshot(long wallNow) {
        boolean open = hours.isOpen(Instant.ofEpochMilli(wallNow));
        int people = open ? 1 + random.nextInt(3) : intruder.getAsBoolean() ? 1 + random.nextInt(2) : 0;
        if (covered.getAsBoolean()) {
            return new Outgoing(Channel.FRAME, renderer.covered(random));
        }
        return new Outgoing(Channel.FRAME, renderer.render(open, people, black.getAsBoolean(), random));
    }
}
