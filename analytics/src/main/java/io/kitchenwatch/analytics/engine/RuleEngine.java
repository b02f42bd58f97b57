package io.kitchenwatch.analytics.engine;

import io.kitchenwatch.analytics.anomaly.FieldDetector;
import io.kitchenwatch.devices.model.DeviceKind;
import java.util.Comparator;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.analytics.anomaly.AnomalyProfiles;
import io.kitchenwatch.analytics.anomaly.AnomalyRules;
import io.kitchenwatch.analytics.rules.CabinetRules;
import io.kitchenwatch.analytics.camera.Roi;
import io.kitchenwatch.analytics.rules.DeviceRules;
import io.kitchenwatch.analytics.rules.LineCheck;
import io.kitchenwatch.analytics.rules.SeparatorRules;
import io.kitchenwatch.analytics.rules.WasteBinRules;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.DeviceStateChange;
import io.kitchenwatch.devices.model.Frame;
import io.kitchenwatch.devices.model.OfflineRule;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.ToLongBiFunction;

/**
 * Runs the rules of every device on event time. State is per device and self-contained (a device's analyzer needs
 * nothing of another's), so devices can later be partitioned across nodes. Not thread-safe: one thread feeds it.
 */
public final class RuleEngine {
    private static final Duration UNREGISTERED_INTERVAL = Duration.ofSeconds(60);
    private final Registry registry;
    private final ThresholdsCatalog thresholds;
    private final long latenessMs;
    private final ToLongBiFunction<String, String> inputClock;
    private final long holdMs;
    private final AnalyticsSink sink;
    private final Map<String, DeviceAnalyzer> analyzers = new HashMap<>();
    /** Devices with messages waiting for stragglers. */
    private final Set<DeviceAnalyzer> waiting = new LinkedHashSet<>();
    private final Map<DeviceKind, List<FieldDetector>> anomalyProfiles;

    /**
     * @param lateness how long (in event time) a message may arrive after a newer one of the same device and still be
     *                 analysed in order; alerts wait this long for stragglers
     */
    public RuleEngine(Registry registry, ThresholdsCatalog thresholds, Duration lateness, AnalyticsSink sink) {
        this(registry, thresholds, lateness, Duration.ZERO, sink);
    }

    /**
     * @param hold how long a message out of its device's sequence waits on the wall clock at least (cluster mode,
     *             where one device's messages come through several nodes a little out of order); zero on one node
     */
    public RuleEngine(Registry registry, ThresholdsCatalog thresholds, Duration lateness, Duration hold, AnalyticsSink sink) {
        this(registry, thresholds, lateness, hold, (site, device) -> Long.MAX_VALUE, sink);
    }

    /**
     * @param inputClock the time up to which everything of a device (site, id) has come in (cluster mode: how far every
     *                   node forwarding its partition has got); {@code Long.MAX_VALUE} when only the wall clock counts
     */
    public RuleEngine(Registry registry, ThresholdsCatalog thresholds, Duration lateness, Duration hold,
                      ToLongBiFunction<String, String> inputClock, AnalyticsSink sink) {
        this.inputClock = inputClock;
        this.registry = registry;
        this.thresholds = thresholds;
        this.latenessMs = lateness.toMillis();
        this.holdMs = hold.toMillis();
        this.sink = sink;
        this.anomalyProfiles = AnomalyProfiles.from(registry.anomalyProfiles());
    }

    /** The order the engine analyses one device's messages in: event time, then its tie rules. */
    public static Comparator<DeviceMessage> eventOrder() {
        return ReorderBuffer.EVENT_ORDER;
    }

    /**
     * Frames only prove a camera alive here; their pictures are analysed by camera health (FrameAnalysisService).
     * A message from a device the registry does not list at that site is not judged at all: ingest keeps such
     * messages apart (one notice per site), and an id under a wrong site must not touch the real device's state.
     */
    public void accept(DeviceMessage m) {
        accept(m, ReorderBuffer.ARRIVAL_UNKNOWN);
    }

    /**
     * A live message that reached analytics at {@code arrival} (wall clock): if it has to wait for stragglers, it waits
     * no longer than the lateness on the wall clock either ({@link #releaseOverdue}).
     */
    public void accept(DeviceMessage m, long arrival) {
        if (isRegisteredAt(m.site(), m.device())) {
            DeviceAnalyzer a = analyzer(m);
            a.accept(m, arrival);
            if (a.buffer.isEmpty()) {
                waiting.remove(a);
            } else {
                waiting.add(a);
            }
        }
    }

    /** Analyses what has waited for stragglers for the lateness on the wall clock by {@code now}. */
    public void releaseOverdue(long now) {
        for (Iterator<DeviceAnalyzer> it = waiting.iterator(); it.hasNext(); ) {
            DeviceAnalyzer a = it.next();
            a.buffer.releaseOverdue(a.clock(now)).forEach(a::analyse);
            if (a.buffer.isEmpty()) {
                it.remove();
            }
        }
    }


    private boolean isRegisteredAt(String site, String device) {
        return registry.device(device).filter(d -> d.site().equals(site)).isPresent();
    }

    /**
     * An event from before the history being analysed again (a restart's), which the device's rules count from: its
     * last collection or pump-out. Only the rules hear of it; it says nothing of whether the device was online since.
     */
    public void recall(DeviceEvent e) {
        if (!isRegisteredAt(e.site(), e.device())) {
            return;
        }
        DeviceAnalyzer a = analyzer(e);
        a.rules.ifPresent(r -> r.onEvent(e).forEach(sink::finding));
    }

    /** A frame of this camera arrived at {@code arrival} before a restart: its silence counts from then. */
    public void recallFrame(String site, String device, long arrival) {
        if (isRegisteredAt(site, device)) {
            analyzer(site, device).offline.heardFrame(arrival);
        }
    }

    /** The device was judged offline before a restart and has not been heard from since, as far as the store shows. */
    public void recallOffline(String site, String device) {
        if (isRegisteredAt(site, device)) {
            analyzer(site, device).offline.recallOffline();
        }
    }

    /**
     * Drops everything known of a device, messages waiting for stragglers included: in cluster mode its new owner
     * rebuilds that from the store.
     */
    public void forget(String device) {
        DeviceAnalyzer a = analyzers.remove(device);
        if (a != null) {
            waiting.remove(a);
        }
    }

    /** Analyses everything still waiting for stragglers (end of a replay, or before a device is declared silent). */
    public void flush() {
        analyzers.values().forEach(DeviceAnalyzer::drain);
    }

    /** Live timers report that a device has said nothing until {@code at}; raises offline if that is too long. */
    public void deviceSilent(String device, long at) {
        DeviceAnalyzer a = analyzers.get(device);
        if (a != null) {
            a.drain();
            a.offline.silent(at).forEach(sink::finding);
        }
    }

    /** How long a device may stay silent before it counts as offline. */
    public Duration silenceLimit(String device) {
        return OfflineRule.silenceLimit(reportInterval(device));
    }

    /** When a device last heard at {@code lastHeard} becomes offline by silence (its silence timer's deadline). */
    public long offlineFrom(String device, long lastHeard) {
        return OfflineRule.offlineFrom(lastHeard, reportInterval(device));
    }

    private Duration reportInterval(String device) {
        return registry.device(device).map(RegisteredDevice::reportInterval).orElse(UNREGISTERED_INTERVAL);
    }

    private DeviceAnalyzer analyzer(DeviceMessage m) {
        return analyzer(m.site(), m.device());
    }

    private DeviceAnalyzer analyzer(String site, String device) {
        return analyzers.computeIfAbsent(device, id -> new DeviceAnalyzer(site, id,
                registry.device(id).filter(d -> d.site().equals(site))));
    }

    private final class DeviceAnalyzer {
        private final ReorderBuffer buffer = new ReorderBuffer(latenessMs, holdMs);
        private final OfflineWatch offline;
        private final Optional<DeviceRules> rules;
        private final Optional<AnomalyRules> anomalies;
        private final Optional<LineCheck> line;
        private final String site;
        private final String device;

        DeviceAnalyzer(String site, String device, Optional<RegisteredDevice> registered) {
            this.site = site;
            this.device = device;
            Duration interval = registered.map(RegisteredDevice::reportInterval).orElse(UNREGISTERED_INTERVAL);
            this.offline = new OfflineWatch(site, device, interval);
            this.rules = registered.flatMap(d -> rulesFor(d, interval));
            this.anomalies = registered.map(d -> new AnomalyRules(site, device, anomalyProfiles.getOrDefault(d.kind(), List.of())));
            this.line = registered.flatMap(d -> Roi.of(d.settings())).map(roi -> new LineCheck(site, device, roi.cabinet(),
                    () -> Optional.ofNullable(analyzers.get(roi.cabinet())).flatMap(a -> a.rules)
                            .filter(CabinetRules.class::isInstance).map(CabinetRules.class::cast).orElse(null)));
        }

        /** Cameras have no telemetry rules: their analysis works on frames. */
        private Optional<DeviceRules> rulesFor(RegisteredDevice d, Duration interval) {
            var t = thresholds.forSite(d.site());
            return switch (d.kind()) {
                case DISINFECTION_CABINET -> Optional.of(new CabinetRules(site, device, t, interval, sink::verdict));
                case OIL_SEPARATOR -> Optional.of(new SeparatorRules(site, device, t));
                case WASTE_BIN -> Optional.of(new WasteBinRules(site, device, t,
                        d.settings().get("capacity_kg") instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty()));
                case CAMERA -> Optional.empty();
            };
        }

        void accept(DeviceMessage m, long arrival) {
            if (m instanceof DeviceStateChange s) {
                offline.onState(s).forEach(sink::finding);
                return;
            }
            if (m instanceof Frame f) {
                offline.onFrame(f).forEach(sink::finding);
                return;
            }
            if (m instanceof Reading r && line.isPresent() && LineCheck.isDerived(r)) {
                // read off a frame: frame time, not the device clock, so it skips the reorder buffer like frames do
                line.get().onReading(r).forEach(sink::finding);
                return;
            }
            buffer.add(m, arrival, arrival == ReorderBuffer.ARRIVAL_UNKNOWN ? arrival : clock(System.currentTimeMillis()))
                    .forEach(this::analyse);
        }

        /** The wall clock, held back to where the device's input has got. */
        long clock(long now) {
            return Math.min(now, inputClock.applyAsLong(site, device));
        }

        void drain() {
            buffer.drain().forEach(this::analyse);
            waiting.remove(this);
        }

        private void analyse(DeviceMessage m) {
            offline.onData(m).forEach(sink::finding);
            if (m instanceof Reading r) {
                anomalies.ifPresent(a -> a.onReading(r).forEach(sink::finding));
            }
            if (rules.isEmpty()) {
                return;
            }
            List<Finding> found = m instanceof Reading r ? rules.get().onReading(r)
                    : m instanceof DeviceEvent e ? rules.get().onEvent(e) : List.of();
            found.forEach(sink::finding);
        }
    }
}
