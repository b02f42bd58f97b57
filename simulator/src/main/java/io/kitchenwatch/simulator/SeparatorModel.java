package io.kitchenwatch.simulator;

import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.WorkingHours;
import io.kitchenwatch.devices.wire.Channel;
import io.kitchenwatch.devices.wire.WireEncoder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** A grease interceptor that fills with grease while the kitchen cooks and is pumped out by a hauler. */
final class SeparatorModel implements DeviceModel {
    private static final double PUMP_OUT_AT_PCT = 18;
    private final String site;
    private final String device;
    private final WorkingHours hours;
    private final Random random;
    private final BooleanSupplier overflow;
    private double grease;
    private long lastTs = Long.MIN_VALUE;
    private long seq;

    SeparatorModel(String site, String device, WorkingHours hours, Random random, BooleanSupplier overflow) {
        this.site = site;
        this.device = device;
        this.hours = hours;
        this.random = random;
        this.overflow = overflow;
        this.grease = 4 + random.nextDouble() * 10;
    }

    @Override
    public List<Outgoing> step(long ts) {
        List<Outgoing> out = new ArrayList<>(2);
        double hoursElapsed = lastTs == Long.MIN_VALUE ? 0 : (ts - lastTs) / 3_600_000.0;
        lastTs = ts;
        boolean cooking = hours.isOpen(Instant.ofEpochMilli(ts));
        boolean failing = overflow.getAsBoolean();
        if (failing && hoursElapsed == 0) {
            // a neglected interceptor: it starts near the 25 % line, so the fault shows within the demo
            grease = Math.max(grease, 23);
        }
        double fillPerHour = failing ? 4.0 : 0.6;
        if (cooking) {
            grease = Math.min(60, grease + fillPerHour * hoursElapsed);
        }
        Map<String, Object> pumpOut = null;
        if (!failing && grease >= PUMP_OUT_AT_PCT) {
            grease = 1 + random.nextDouble();
            pumpOut = Map.of("by", "hauler-" + (1 + random.nextInt(5)));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("grease_pct", round(grease));
        values.put("water_level_pct", round(55 + random.nextGaussian() * 2));
        values.put("inflow_l_min", round(cooking ? 12 + random.nextDouble() * 25 : random.nextDouble() * 2));
        values.put("oil_out_mg_l", round(Math.max(0, 20 + grease * (failing ? 4 : 1.5) + random.nextGaussian() * 5)));
        values.put("heater_on", cooking);
        values.put("pump_on", false);
        // the reading, then the event of the same instant, numbered in that order from the device's one sequence
        out.add(new Outgoing(Channel.TELEMETRY, WireEncoder.telemetry(new Reading(site, device, ts, OptionalLong.of(seq++), values))));
        if (pumpOut != null) {
            out.add(new Outgoing(Channel.EVENT, WireEncoder.event(new DeviceEvent(site, device, ts, OptionalLong.of(seq++), "pump_out", pumpOut))));
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
