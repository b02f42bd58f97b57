package io.kitchenwatch.ingest.status;

import io.kitchenwatch.devices.bus.DeviceStatusChanged;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.DeviceStateChange;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live status of every device, registered or not, updated as messages are stored. Reads are lock-free snapshots
 * (records), so HTTP handlers can call it from an event loop.
 */
public final class DeviceStatusTracker {
    private static final Duration UNREGISTERED_INTERVAL = Duration.ofSeconds(60);
    private final Registry registry;
    private final Map<String, DeviceStatus> statuses = new ConcurrentHashMap<>();
    /** Ids heard at a site that does not list them (by that site), so a site's devices are found without a scan. */
    private final Map<String, Set<String>> strangersBySite = new ConcurrentHashMap<>();
    private final IngestProgress progress = IngestProgress.trackedFrom(System.currentTimeMillis());

    public DeviceStatusTracker(Registry registry) {
        this.registry = registry;
        for (RegisteredDevice d : registry.devices()) {
            statuses.put(d.id(), never(d));
        }
        registry.onChange(this::registryChanged);
    }

    private static DeviceStatus never(RegisteredDevice d) {
        return new DeviceStatus(d.site(), d.id(), Optional.of(d.kind().wireName()), true, Optional.empty(), 0, 0, Map.of(), d.reportInterval());
    }

    /**
     * Devices added to the registry are listed (never seen yet); a retired or moved device's status goes (its history
     * stays in the store); a device whose kind or interval changed keeps what was seen of it.
     */
    private void registryChanged(Registry changed) {
        for (RegisteredDevice d : changed.devices()) {
            statuses.compute(d.id(), (id, old) -> old == null || !old.registered() || !old.site().equals(d.site()) ? never(d)
                    : new DeviceStatus(old.site(), id, Optional.of(d.kind().wireName()), true, old.reportedOnline(), old.lastSeen(),
                    old.lastReadingTs(), old.latest(), d.reportInterval()));
        }
        statuses.values().removeIf(s -> s.registered() && changed.device(s.device()).filter(d -> d.site().equals(s.site())).isEmpty());
    }

    /** Records a stored message; {@code arrival} is the wall-clock time it reached us. */
    public void record(DeviceMessage message, long arrival) {
        recordAndCompare(message, arrival);
    }

    /** Records a stored message and says whether it turned the device online or offline (judged at its arrival). */
    public Optional<DeviceStatusChanged> recordAndCompare(DeviceMessage message, long arrival) {
        DeviceStatus before = statuses.get(message.device());
        DeviceStatus after = update(message, arrival);
        boolean wasOnline = before != null && before.site().equals(after.site()) && before.online(arrival);
        boolean isOnline = after.online(arrival);
        return wasOnline == isOnline ? Optional.empty()
                : Optional.of(new DeviceStatusChanged(after.site(), after.device(), isOnline, arrival));
    }

    private DeviceStatus update(DeviceMessage message, long arrival) {
        return statuses.compute(message.device(), (id, old) -> {
            DeviceStatus s = old != null && old.site().equals(message.site()) ? old : fresh(message);
            Optional<Boolean> reported = s.reportedOnline();
            long lastSeen = s.lastSeen();
            long lastReadingTs = s.lastReadingTs();
            Map<String, Object> latest = s.latest();
            if (message instanceof DeviceStateChange state) {
                reported = Optional.of(state.online());
                if (state.online()) {
                    lastSeen = Math.max(lastSeen, arrival);
                }
            } else {
                lastSeen = Math.max(lastSeen, arrival);
                if (reported.isPresent() && !reported.get()) {
                    // data after a Last Will means the device is back, even if its birth got lost
                    reported = Optional.of(true);
                }
            }
            if (message instanceof Reading r && r.ts() >= lastReadingTs) {
                lastReadingTs = r.ts();
                Map<String, Object> merged = new HashMap<>(latest);
                merged.putAll(r.values());
                latest = merged;
            }
            return new DeviceStatus(s.site(), s.device(), s.kind(), s.registered(), reported, lastSeen, lastReadingTs,
                    latest, s.expectedInterval());
        });
    }

    /** Seeds a device's newest values from the store at start-up, without claiming it was seen. */
    public void seed(String device, long ts, Map<String, Double> values) {
        statuses.computeIfPresent(device, (id, s) -> s.lastReadingTs() >= ts ? s
                : new DeviceStatus(s.site(), s.device(), s.kind(), s.registered(), s.reportedOnline(), s.lastSeen(),
                ts, Map.copyOf(values), s.expectedInterval()));
    }

    private DeviceStatus fresh(DeviceMessage m) {
        Optional<RegisteredDevice> known = registry.device(m.device()).filter(d -> d.site().equals(m.site()));
        if (known.isEmpty()) {
            strangersBySite.computeIfAbsent(m.site(), k -> ConcurrentHashMap.newKeySet()).add(m.device());
        }
        return new DeviceStatus(m.site(), m.device(), known.map(d -> d.kind().wireName()), known.isPresent(),
                Optional.empty(), 0, 0, Map.of(), known.map(RegisteredDevice::reportInterval).orElse(UNREGISTERED_INTERVAL));
    }

    /** How far ingest has got; statuses are judged at its {@link IngestProgress#judgementTime}. */
    public IngestProgress progress() {
        return progress;
    }

    /** The time at which {@link DeviceStatus#online} should be asked now. */
    public long judgementTime() {
        return progress.judgementTime(System.currentTimeMillis());
    }

    public Optional<DeviceStatus> get(String device) {
        return Optional.ofNullable(statuses.get(device));
    }

    public Collection<DeviceStatus> all() {
        return List.copyOf(statuses.values());
    }

    /**
     * The statuses at a site, by device id: its registered devices (unless last heard at another site) and ids heard
     * there that it does not list. Costs the site's devices, not the registry's.
     */
    public List<DeviceStatus> atSite(String site) {
        List<DeviceStatus> out = new ArrayList<>();
        for (RegisteredDevice d : registry.devicesOf(site)) {
            DeviceStatus s = statuses.get(d.id());
            if (s != null && s.site().equals(site)) {
                out.add(s);
            }
        }
        for (String id : strangersBySite.getOrDefault(site, Set.of())) {
            DeviceStatus s = statuses.get(id);
            if (s != null && s.site().equals(site) && !s.registered()) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(DeviceStatus::device));
        return out;
    }

    /** Statuses of ids heard at a site that does not list them, by site and id. */
    public List<DeviceStatus> strangers() {
        List<DeviceStatus> out = new ArrayList<>();
        strangersBySite.forEach((site, ids) -> ids.forEach(id -> {
            DeviceStatus s = statuses.get(id);
            if (s != null && s.site().equals(site) && !s.registered()) {
                out.add(s);
            }
        }));
        out.sort(Comparator.comparing(DeviceStatus::site).thenComparing(DeviceStatus::device));
        return out;
    }
}
