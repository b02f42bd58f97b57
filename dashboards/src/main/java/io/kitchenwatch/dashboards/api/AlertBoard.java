package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.runtime.AlertCodec;
import io.kitchenwatch.devices.bus.AlertChanged;
import io.kitchenwatch.devices.bus.AlertSnapshot;
import io.kitchenwatch.devices.bus.BusAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alerts as the API shows them, kept from analytics' alert changes on the bus (and its snapshot at start), so the
 * API reads alerts without calling into analytics. Analytics publishes a change before it answers the action that
 * made it, and both are delivered to this stage's one event loop in that order: a read after an action's answer sees
 * the action (this holds for one instance of the dashboards stage, as the node deploys it).
 */
public final class AlertBoard {
    private final Map<String, Alert> alerts = new ConcurrentHashMap<>();

    private AlertBoard() {
    }

    /**
     * Follows the alert changes from now on, then fills in what analytics held before: changes on the bus arrive in
     * the order they were made, so one that arrives is never older than the snapshot's copy it would replace.
     */
    public static Future<AlertBoard> follow(Vertx vertx) {
        AlertBoard board = new AlertBoard();
        return vertx.eventBus().<AlertChanged>localConsumer(BusAddresses.ALERTS, m -> board.apply(m.body())).completion()
                .compose(v -> vertx.eventBus().<AlertSnapshot>request(BusAddresses.ALERT_SNAPSHOT, ""))
                .map(reply -> {
                    reply.body().alerts().forEach(c -> board.alerts.putIfAbsent(c.id(), AlertCodec.fromJson(c.alert())));
                    return board;
                });
    }

    private void apply(AlertChanged change) {
        alerts.put(change.id(), AlertCodec.fromJson(change.alert()));
    }

    public Collection<Alert> alerts() {
        return List.copyOf(alerts.values());
    }

    public Optional<Alert> alert(String id) {
        return Optional.ofNullable(alerts.get(id));
    }
}
