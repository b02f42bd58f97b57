package io.kitchenwatch.simulator;

import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.wire.Channel;
import io.kitchenwatch.devices.wire.WireEncoder;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** A disinfection cabinet, dishwasher or chlorine tank running batches one after another. */
final class CabinetModel implements DeviceModel {
    /** How a method's cycle looks: the measured quantity rises to {@code peak}, is held, then falls. */
    record Profile(String method, String field, double idle, double peak, double risePerMin, long holdMs, long idleMs) {
        static Profile of(String method) {
            return switch (method) {
                case "steam" -> new Profile(method, "temp_c", 25, 103, 12, 12 * 60_000L, 25 * 60_000L);
                case "dishwasher" -> new Profile(method, "temp_c", 40, 86, 40, 60_000L, 4 * 60_000L);
                case "chlorine" -> new Profile(method, "chlorine_mg_l", 0, 290, 300, 6 * 60_000L, 20 * 60_000L);
                default -> new Profile("hot_air", "temp_c", 25, 126, 12, 12 * 60_000L, 30 * 60_000L);
            };
        }
    }

    private enum Phase { IDLE, RISING, HOLDING, FALLING }

    private static final DateTimeFormatter BATCH_DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.ofHours(8));
    private final String site;
    private final String device;
    private final Profile profile;
    private final Random random;
    private final BooleanSupplier cold;
    private Phase phase = Phase.IDLE;
    private double level;
    private long phaseUntil = Long.MIN_VALUE;
    private final List<String> customers;
    private String batch;
    private int batchCounter;
    private long seq;

    /** @param customers sites the batches are delivered to, in turn; none: batches name no customer */
    CabinetModel(String site, String device, String method, Random random, BooleanSupplier cold, List<String> customers) {
        this.customers = List.copyOf(customers);
        this.site = site;
        this.device = device;
        this.profile = Profile.of(method);
        this.random = random;
        this.cold = cold;
        this.level = profile.idle();
    }

    @Override
    public List<Outgoing> step(long ts) {
        List<Outgoing> out = new ArrayList<>(2);
        String cycleEvent = null;
        if (phaseUntil == Long.MIN_VALUE) {
            phaseUntil = ts + (long) (random.nextDouble() * profile.idleMs());
        }
        boolean idleBefore = phase == Phase.IDLE;
        double peak = cold.getAsBoolean() ? profile.idle() + (profile.peak() - profile.idle()) * 0.8 : profile.peak();
        switch (phase) {
            case IDLE -> {
                level += (profile.idle() - level) * 0.3 + random.nextGaussian() * 0.2;
                if (ts >= phaseUntil) {
                    phase = Phase.RISING;
                    batch = "B-" + BATCH_DAY.format(Instant.ofEpochMilli(ts)) + "-" + device + "-" + (++batchCounter);
                    cycleEvent = "cycle_start";
                }
            }
            case RISING -> {
                level += profile.risePerMin() / 6.0 * (0.8 + random.nextDouble() * 0.4);
                if (level >= peak) {
                    level = peak;
                    phase = Phase.HOLDING;
                    phaseUntil = ts + profile.holdMs();
                }
            }
            case HOLDING -> {
                level = peak + random.nextGaussian() * (peak - profile.idle()) * 0.004;
                if (ts >= phaseUntil) {
                    phase = Phase.FALLING;
                }
            }
            case FALLING -> {
                level -= profile.risePerMin() / 4.0;
                if (level <= profile.idle() + (peak - profile.idle()) * 0.3) {
                    phase = Phase.IDLE;
                    phaseUntil = ts + profile.idleMs();
                    cycleEvent = "cycle_end";
                }
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(profile.field(), Math.round(level * 10) / 10.0);
        if (!profile.field().equals("temp_c")) {
            values.put("temp_c", 24.0 + Math.round(random.nextGaussian() * 5) / 10.0);
        }
        values.put("running", phase != Phase.IDLE);
        // staff open the door between batches, never in the step a batch ends
        values.put("door_open", idleBefore && phase == Phase.IDLE && random.nextInt(20) == 0);
        // published in event-time order (a start before the reading of its instant, an end after it), each with the
        // next number of the device's one sequence, so analytics can judge every message as soon as it arrives
        if ("cycle_start".equals(cycleEvent)) {
            out.add(cycleEvent(ts, cycleEvent, customers.isEmpty() ? Map.of("batch", batch, "method", profile.method())
                    : Map.of("batch", batch, "method", profile.method(), "deliver_to",
                    customers.get(Math.floorMod(device.hashCode() + batchCounter, customers.size())))));
        }
        out.add(new Outgoing(Channel.TELEMETRY, WireEncoder.telemetry(new Reading(site, device, ts, OptionalLong.of(seq++), values))));
        if ("cycle_end".equals(cycleEvent)) {
            out.add(cycleEvent(ts, cycleEvent, Map.of("batch", batch)));
        }
        return out;
    }

    private Outgoing cycleEvent(long ts, String type, Map<String, Object> attributes) {
        return new Outgoing(Channel.EVENT, WireEncoder.event(new DeviceEvent(site, device, ts, OptionalLong.of(seq++), type, attributes)));
    }
}
