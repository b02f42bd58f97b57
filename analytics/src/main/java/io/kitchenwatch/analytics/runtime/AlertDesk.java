package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.analytics.alerts.AlertAction;
import io.kitchenwatch.analytics.alerts.IllegalTransitionException;
import io.kitchenwatch.devices.bus.AlertActionRequest;
import io.kitchenwatch.devices.bus.AlertChanged;
import io.kitchenwatch.devices.bus.AlertSnapshot;
import io.kitchenwatch.devices.bus.BusAddresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.NoSuchElementException;

/**
 * Answers other stages' requests about alerts (people's steps in the loop, the current alerts) on an event loop of
 * its own, so a request is never stuck behind stored messages waiting for a full analytics queue.
 */
final class AlertDesk extends VerticleBase {
    /** Beyond the router's own wait for the owner's answer (a partition moving takes the session timeout). */
    private static final DeliveryOptions ROUTED_WAIT = new DeliveryOptions().setSendTimeout(30_000);
    private final AnalyticsService analytics;

    AlertDesk(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @Override
    public Future<?> start() {
        vertx.eventBus().<AlertActionRequest>localConsumer(BusAddresses.ALERT_ACTIONS, this::act);
        vertx.eventBus().localConsumer(BusAddresses.ALERT_SNAPSHOT, m -> m.reply(new AlertSnapshot(
                analytics.alerts().stream().map(a -> AlertMessages.changed(a, false)).toList())));
        return Future.succeededFuture();
    }

    private void act(Message<AlertActionRequest> m) {
        AlertActionRequest request = m.body();
        AlertAction action = AlertAction.fromWire(request.action()).orElse(null);
        if (action == null) {
            m.fail(AlertActionRequest.ILLEGAL_STEP, "unknown action " + request.action());
            return;
        }
        boolean routed = m.headers().contains(BusAddresses.FROM_CLUSTER);
        analytics.act(request.alertId(), action, request.by(), request.note()).whenComplete((alert, failure) -> context.runOnContext(v -> {
            if (failure != null && analytics.clustered() && !routed
                    && (failure instanceof NotOwnedException || failure instanceof NoSuchElementException)) {
                routeToOwner(m); // another node analyses the alert's device: it decides the step
            } else if (failure == null) {
                m.reply(AlertMessages.changed(alert, true));
            } else if (failure instanceof IllegalTransitionException) {
                m.fail(AlertActionRequest.ILLEGAL_STEP, failure.getMessage());
            } else if (failure instanceof NoSuchElementException) {
                m.fail(AlertActionRequest.NOT_FOUND, request.alertId());
            } else if (failure instanceof NotOwnedException) {
                m.fail(AlertActionRequest.UNAVAILABLE, failure.getMessage());
            } else {
                m.fail(AlertActionRequest.UNAVAILABLE, "analytics is busy; try again in a moment");
            }
        }));
    }

    private void routeToOwner(Message<AlertActionRequest> m) {
        vertx.eventBus().<AlertChanged>request(BusAddresses.CLUSTER_ACT, m.body(), ROUTED_WAIT).onComplete(answer -> {
            if (answer.succeeded()) {
                m.reply(answer.result().body());
            } else if (answer.cause() instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                m.fail(r.failureCode(), r.getMessage());
            } else {
                m.fail(AlertActionRequest.UNAVAILABLE, "the node that owns this alert did not answer; reload the alert before trying again");
            }
        });
    }
}
