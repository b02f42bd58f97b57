package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.dashboards.auth.Tokens;
import java.time.Duration;
import java.util.TreeSet;
import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.devices.bus.AlertChanged;
import io.kitchenwatch.devices.bus.BusAddresses;
import io.kitchenwatch.devices.bus.DeviceStatusChanged;
import io.kitchenwatch.devices.bus.StoredBatch;
import io.kitchenwatch.devices.registry.Registry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /api/v1/live}: Server-Sent Events of stored readings, events, device states, frames (without the
 * picture), devices turning online or offline ({@code status}) and alert changes, each only if its site is in the caller's scope. A client whose write queue is full
 * misses events (counted in {@code kw_live_skipped_total}) rather than holding the server back; a closed stream
 * unregisters its consumers.
 */
final class LiveStream {
    static final long HEARTBEAT_MS = 15_000;
    static final long MAX_TIMER_MS = Duration.ofDays(365).toMillis();
    private final Vertx vertx;
    private final Registry registry;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter skipped;

    LiveStream(Vertx vertx, Registry registry, MeterRegistry meters) {
        this.vertx = vertx;
        this.registry = registry;
        this.skipped = Counter.builder("kw.live.skipped").description("live events not sent to a client that could not keep up").register(meters);
        Gauge.builder("kw.live.streams", open, AtomicInteger::get).description("open live streams").register(meters);
    }

    static final Set<String> CHANNELS = Set.of("telemetry", "event", "state", "frame", "alert", "status");

    /** What a client asked for: {@code ?channels=alert,state} and {@code ?site=} narrow the stream (a wall screen needs no readings). */
    record Filter(Set<String> channels, String site) {
        boolean wants(Caller caller, Registry registry, String channel, String eventSite) {
            return channels.contains(channel) && (site == null || site.equals(eventSite)) && caller.seesSite(eventSite, registry);
        }
    }

    private Filter filter(RoutingContext ctx, Caller caller) {
        String list = ctx.queryParams().get("channels");
        Set<String> channels = new TreeSet<>();
        if (list == null) {
            channels.addAll(CHANNELS);
        } else {
            for (String c : list.split(",", -1)) {
                if (!CHANNELS.contains(c.trim())) {
                    throw ApiException.badRequest("invalid channels", "channels is a comma-separated list of " + new TreeSet<>(CHANNELS));
                }
                channels.add(c.trim());
            }
        }
        String site = ctx.queryParams().get("site");
        if (site != null && (registry.site(QueryParams.id(site, "site")).isEmpty() || !caller.seesSite(site, registry))) {
            throw ApiException.notFound("unknown site", site);
        }
        return new Filter(Set.copyOf(channels), site);
    }

    void handle(RoutingContext ctx) {
        Caller caller = ApiRouter.caller(ctx);
        Filter filter = filter(ctx, caller);
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": KitchenWatch live events for " + caller.name() + "\n\n");
        // only the consumers this client needs: a stream of alerts alone costs nothing per reading
        boolean readings = filter.channels().stream().anyMatch(c -> !c.equals("alert") && !c.equals("status"));
        MessageConsumer<StoredBatch> stored = !readings ? null : vertx.eventBus().localConsumer(BusAddresses.STORED,
                m -> m.body().messages().forEach(message -> send(response, caller, filter, LiveEvents.channel(message), message.site(),
                        () -> LiveEvents.json(message))));
        MessageConsumer<AlertChanged> alerts = !filter.channels().contains("alert") ? null : vertx.eventBus().localConsumer(BusAddresses.ALERTS,
                m -> {
                    if (m.body().significant()) {
                        send(response, caller, filter, "alert", m.body().site(), () -> m.body().alert());
                    }
                });
        // a device turning online or offline: what a wall screen of a province follows instead of every reading
        MessageConsumer<DeviceStatusChanged> statuses = !filter.channels().contains("status") ? null
                : vertx.eventBus().localConsumer(BusAddresses.DEVICE_STATUS, m -> send(response, caller, filter, "status", m.body().site(),
                        () -> new JsonObject().put("site", m.body().site()).put("device", m.body().device())
                                .put("online", m.body().online()).put("at", m.body().at())));
        long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> {
            if (!response.writeQueueFull()) {
                response.write(": keep-alive\n\n");
            }
        });
        // a stream lives no longer than its token: the client reconnects and has to show a valid one
        long expiry = Tokens.expiresAt(ctx.user()).orElse(Long.MAX_VALUE) - System.currentTimeMillis();
        long ending = expiry > MAX_TIMER_MS ? -1 : vertx.setTimer(Math.max(1, expiry), id -> response.end());
        open.incrementAndGet();
        Runnable cleanUp = new Runnable() {
            private boolean done;

            @Override
            public void run() {
                if (!done) {
                    done = true;
                    if (stored != null) {
                        stored.unregister();
                    }
                    if (alerts != null) {
                        alerts.unregister();
                    }
                    if (statuses != null) {
                        statuses.unregister();
                    }
                    vertx.cancelTimer(heartbeat);
                    if (ending >= 0) {
                        vertx.cancelTimer(ending);
                    }
                    open.decrementAndGet();
                }
            }
        };
        response.closeHandler(v -> cleanUp.run());
        response.exceptionHandler(e -> cleanUp.run());
        response.endHandler(v -> cleanUp.run());
    }

    private void send(HttpServerResponse response, Caller caller, Filter filter, String event, String site, Supplier<JsonObject> body) {
        if (!filter.wants(caller, registry, event, site)) {
            return;
        }
        if (response.writeQueueFull()) {
            skipped.increment();
            return;
        }
        response.write("event: " + event + "\ndata: " + body.get().encode() + "\n\n");
    }

    int openStreams() {
        return open.get();
    }
}
