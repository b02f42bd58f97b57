package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.devices.bus.BusAddresses;
import io.kitchenwatch.ingest.pipeline.IngestHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static io.kitchenwatch.dashboards.api.Responses.json;

/** {@code GET /health} (200 {@code UP} only while data is being stored) and {@code GET /metrics} (Prometheus). */
final class HealthApi {
    /** An ingest stage that does not answer within this is reported as such, not waited for. */
    private static final DeliveryOptions ASK_INGEST = new DeliveryOptions().setSendTimeout(5_000);
    private final Vertx vertx;
    private final ApiRouter.HealthChecks health;
    private final Supplier<String> prometheus;

    HealthApi(Vertx vertx, ApiRouter.HealthChecks health, Supplier<String> prometheus) {
        this.vertx = vertx;
        this.health = health;
        this.prometheus = prometheus;
    }

    void mount(Router root) {
        root.get("/health").handler(this::health);
        root.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(prometheus.get()));
    }

    /** 200 {@code UP} only while data is being stored; 503 {@code DEGRADED} with the reasons otherwise. */
    private void health(RoutingContext ctx) {
        Future<IngestHealth> asked = vertx.eventBus().<JsonObject>request(BusAddresses.INGEST_HEALTH, "", ASK_INGEST)
                .map(reply -> IngestHealth.fromJson(reply.body()));
        asked.eventually(() -> vertx.executeBlocking(health.store()::ping, false).onComplete(ar -> {
            boolean storeAnswers = ar.succeeded() && Boolean.TRUE.equals(ar.result());
            IngestHealth ingest = asked.succeeded() ? asked.result() : UNANSWERED;
            List<String> problems = new ArrayList<>(ingest.problems());
            if (asked.failed()) {
                problems.add(0, "ingest not answering: " + asked.cause().getMessage());
            }
            if (!storeAnswers) {
                problems.add(0, "store not answering: " + health.store().describe());
            }
            boolean storeUp = storeAnswers && ingest.storeWritable();
            JsonObject body = new JsonObject()
                    .put("status", problems.isEmpty() ? "UP" : "DEGRADED")
                    .put("reasons", new JsonArray(problems))
                    .put("components", new JsonObject()
                            .put("mqtt", new JsonObject().put("status", ingest.subscribed() ? "UP" : "DOWN").put("broker", health.brokerName()))
                            .put("store", new JsonObject().put("status", storeUp ? "UP" : "DOWN").put("store", health.store().describe()))
                            .put("backlog", new JsonObject().put("messages", ingest.backlogDepth())
                                    .put("age_ms", ingest.backlogAge().toMillis())
                                    .put("behind_broker_ms", ingest.behindBroker().toMillis())
                                    .put("age_limit_ms", IngestHealth.BACKLOG_AGE_LIMIT.toMillis())));
            json(ctx, problems.isEmpty() ? 200 : 503, body);
        }));
    }

    private static final IngestHealth UNANSWERED = new IngestHealth(false, false, 0, Duration.ZERO, Duration.ZERO);
}
