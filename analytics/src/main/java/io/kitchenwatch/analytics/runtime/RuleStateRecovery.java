package io.kitchenwatch.analytics.runtime;

import java.util.Comparator;
import java.util.OptionalLong;
import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Rebuilds the rule engine's state after a restart, a {@code kill -9} included, from what the store holds. The
 * engine's state is a function of each device's recent messages: a batch in progress began at most the longest
 * {@code cycle_abandon_s} ago, hysteresis and offline gaps need less. So each device's stored messages of that long
 * (plus the lateness window and a margin) before its newest one are analysed again, after its newest collection or
 * pump-out, which the overdue rules count from. The caller decides what of the re-analysis to record: what the store
 * already holds was recorded before the restart.
 */
final class RuleStateRecovery {
    /** Devices whose windows start within one group are read together. */
    private static final long GROUP_MS = 600_000;
    /** How much history one query reads, so memory stays bounded whatever the fleet. */
    private static final long READ_STEP_MS = 60_000;
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final int MAINTENANCE_LIMIT = 1_000_000;

    /** What was read again: how many devices and messages, and how long it took. */
    record Outcome(int devices, long messages, long millis) {
        static final Outcome NONE = new Outcome(0, 0, 0);
    }

    private final TimeSeriesStore store;
    private final StoredHistory history;
    private final Duration window;
    private final Map<String, Duration> maintenanceLookback;

    RuleStateRecovery(TimeSeriesStore store, Registry registry, Duration lateness) {
        this.store = store;
        this.history = new StoredHistory(store);
        ThresholdsCatalog catalog = new ThresholdsCatalog(registry, Thresholds.DEFAULTS);
        List<Thresholds> all = registry.sites().stream().map(Site::id).map(catalog::forSite).toList();
        this.window = Duration.ofMillis((long) (longest(all, Thresholds.DEFAULTS, Thresholds::cycleAbandonS) * 1000))
                .plus(lateness).plus(MARGIN);
        this.maintenanceLookback = Map.of(
                "collected", Duration.ofMillis((long) (2 * longest(all, Thresholds.DEFAULTS, Thresholds::wasteCollectHours) * 3_600_000)),
                "pump_out", Duration.ofMillis((long) (2 * longest(all, Thresholds.DEFAULTS, Thresholds::pumpOutDays) * 86_400_000)));
    }

    private static double longest(List<Thresholds> all, Thresholds defaults, ToDoubleFunction<Thresholds> limit) {
        return all.stream().mapToDouble(limit).max().orElse(limit.applyAsDouble(defaults));
    }

    /** How much of each device's history is analysed again. */
    Duration window() {
        return window;
    }

    Map<String, Long> newestPerDevice() throws StoreException {
        return history.newestPerDevice();
    }

    /**
     * Hands {@code recall} each device's newest maintenance event from before its window, then {@code analyse} its
     * stored messages of the window, in analysis order.
     */
    Outcome replay(Map<String, Long> newest, Consumer<DeviceEvent> recall, Consumer<DeviceMessage> analyse) throws StoreException {
        if (newest.isEmpty()) {
            return Outcome.NONE;
        }
        long started = System.nanoTime();
        Map<Long, Set<String>> groups = new TreeMap<>();
        newest.forEach((device, ts) -> groups.computeIfAbsent(groupStart(ts), k -> new HashSet<>()).add(device));
        long messages = 0;
        for (DeviceEvent e : lastMaintenanceBefore(newest)) {
            recall.accept(e);
            messages++;
        }
        for (Map.Entry<Long, Set<String>> group : groups.entrySet()) {
            long start = group.getKey();
            long end = start + window.toMillis() + GROUP_MS + 1; // past every member's newest message
            for (long step = start; step < end; step += READ_STEP_MS) {
                for (DeviceMessage m : history.read(step, Math.min(step + READ_STEP_MS, end), group.getValue()::contains)) {
                    analyse.accept(m);
                    messages++;
                }
            }
        }
        return new Outcome(newest.size(), messages, (System.nanoTime() - started) / 1_000_000);
    }

    private long groupStart(long newestTs) {
        return Math.floorDiv(newestTs - window.toMillis(), GROUP_MS) * GROUP_MS;
    }

    /** Each device's newest collection or pump-out older than its window, oldest first. */
    private List<DeviceEvent> lastMaintenanceBefore(Map<String, Long> newest) throws StoreException {
        Map<String, DeviceEvent> last = new HashMap<>();
        long newestOverall = newest.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        for (Map.Entry<String, Duration> kind : maintenanceLookback.entrySet()) {
            for (String json : store.payloads(TimeSeriesStore.EVENTS, Map.of("type", kind.getKey()),
                    newestOverall - kind.getValue().toMillis() - window.toMillis(), newestOverall + 1, MAINTENANCE_LIMIT)) {
                DeviceEvent e;
                try {
                    e = event(new JsonObject(json), kind.getKey());
                } catch (RuntimeException unreadable) {
                    continue; // as with the history itself: one bad row does not stop the rebuild
                }
                Long deviceNewest = newest.get(e.device());
                if (deviceNewest != null && e.ts() < groupStart(deviceNewest)) {
                    last.put(e.device(), e); // oldest first: the last one kept is the newest
                }
            }
        }
        return last.values().stream().sorted(Comparator.comparingLong(DeviceEvent::ts)).toList();
    }

    private static DeviceEvent event(JsonObject payload, String type) {
        return new DeviceEvent(payload.getString("site"), payload.getString("device"), payload.getLong("ts"),
                OptionalLong.empty(), type, StoredHistory.attributes(payload));
    }
}
