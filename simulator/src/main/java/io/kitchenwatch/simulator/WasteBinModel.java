package io.kitchenwatch.simulator;

import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.WorkingHours;
import io.kitchenwatch.devices.wire.Channel;
import io.kitchenwatch.devices.wire.WireEncoder;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** A food-waste bin that fills while the kitchen works and is collected once a day after closing. */
final class WasteBinModel implements DeviceModel {
    private static final int COLLECTION_HOUR = 21;
    private final String site;
    private final String device;
    private final WorkingHours hours;
    private final double capacityKg;
    private final Random random;
    private final BooleanSupplier uncollected;
    private double weight;
    private LocalDate lastCollectionDay;
    private long seq;

    WasteBinModel(String site, String device, WorkingHours hours, double capacityKg, Random random, BooleanSupplier uncollected) {
        this.site = site;
        this.device = device;
        this.hours = hours;
        this.capacityKg = capacityKg;
        this.random = random;
        this.uncollected = uncollected;
        this.weight = capacityKg * random.nextDouble() * 0.3;
    }

    @Override
    public List<Outgoing> step(long ts) {
        List<Outgoing> out = new ArrayList<>(2);
        Map<String, Object> collected = null;
        Instant at = Instant.ofEpochMilli(ts);
        boolean open = hours.isOpen(at);
        boolean lidOpen = open && random.nextInt(8) == 0;
        if (open) {
            weight = Math.min(capacityKg * 1.05, weight + capacityKg * 0.004 * random.nextDouble());
        }
        var local = at.atZone(hours.zone());
        if (local.getHour() == COLLECTION_HOUR && !local.toLocalDate().equals(lastCollectionDay) && !uncollected.getAsBoolean()) {
            lastCollectionDay = local.toLocalDate();
            collected = Map.of("weight_kg", round(weight), "by", "collector-" + (1 + random.nextInt(3)));
            weight = 0.5;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("weight_kg", round(weight));
        values.put("lid_open", lidOpen);
        // the reading, then the event of the same instant, numbered in that order from the device's one sequence
        out.add(new Outgoing(Channel.TELEMETRY, WireEncoder.telemetry(new Reading(site, device, ts, OptionalLong.of(seq++), values))));
        if (collected != null) {
            out.add(new Outgoing(Channel.EVENT, WireEncoder.event(new DeviceEvent(site, device, ts, OptionalLong.of(seq++), "collected", collected))));
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
