package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Tokens;
import io.kitchenwatch.dashboards.auth.UserStore;
import io.kitchenwatch.devices.identity.LoginThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kitchenwatch.dashboards.api.Responses.error;
import static io.kitchenwatch.dashboards.api.Responses.json;

/** {@code POST /api/v1/login {"username", "password"}}: a bearer token for a person, with throttling. */
final class LoginApi {
    static final Duration LOGIN_VALIDITY = Duration.ofHours(12);
    /** Password checks running at once, over all callers: more wait their turn with a 429. */
    static final int MAX_LOGINS_IN_FLIGHT = 8;
    private static final int LOGIN_BODY_LIMIT = 4096;
    private final Vertx vertx;
    private final Tokens tokens;
    private final UserStore users;
    /** People mistype: five tries a minute per account and address, fifty per address, then 429 with Retry-After. */
    private final LoginThrottle throttle = new LoginThrottle(5, 50);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter failures;
    private final Counter throttled;

    LoginApi(Vertx vertx, Tokens tokens, UserStore users, MeterRegistry meters) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.users = users;
        this.failures = Counter.builder("kw.api.login.failures").tag("reason", "wrong_password").description("logins refused").register(meters);
        this.throttled = Counter.builder("kw.api.login.failures").tag("reason", "throttled").description("logins refused").register(meters);
    }

    void mount(Router api) {
        // the multipart check is a route of its own: Vert.x runs a body handler only first on its route
        api.post("/login").handler(ApiRouter::refuseMultipart);
        api.post("/login").handler(BodyHandler.create(false).setBodyLimit(LOGIN_BODY_LIMIT)).handler(this::login);
    }

    private void login(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            throw ApiException.badRequest("invalid body", "send {\"username\": \"...\", \"password\": \"...\"}");
        }
        if (body == null || !(body.getValue("username") instanceof String name) || !(body.getValue("password") instanceof String password)) {
            throw ApiException.badRequest("invalid body", "send {\"username\": \"...\", \"password\": \"...\"}");
        }
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        OptionalLong blocked = throttle.blockedFor(address, name, System.currentTimeMillis());
        if (blocked.isEmpty() && inFlight.incrementAndGet() > MAX_LOGINS_IN_FLIGHT) {
            // a burst would all pass the check above before any failure is counted, and each costs a PBKDF2 on a worker
            inFlight.decrementAndGet();
            throttled.increment();
            ctx.response().putHeader("Retry-After", "1");
            json(ctx, 429, error("too many logins at once", "try again in 1 s"));
            return;
        } else if (blocked.isEmpty()) {
            ctx.addEndHandler(v -> inFlight.decrementAndGet());
        }
        if (blocked.isPresent()) {
            throttled.increment();
            long seconds = Math.max(1, (blocked.getAsLong() + 999) / 1000);
            ctx.response().putHeader("Retry-After", String.valueOf(seconds));
            json(ctx, 429, error("too many failed logins", "try again in " + seconds + " s"));
            return;
        }
        vertx.executeBlocking(() -> users.login(name, password.toCharArray()), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                throttle.failed(address, name, System.currentTimeMillis());
                failures.increment();
                json(ctx, 401, error("unauthorized", "wrong username or password"));
            } else {
                Caller c = ar.result().get();
                json(ctx, 200, new JsonObject().put("token", tokens.issue(c, LOGIN_VALIDITY)).put("username", c.name())
                        .put("role", c.role().wireName()).put("scope", c.scope()).put("expires_in", LOGIN_VALIDITY.toSeconds()));
            }
        });
    }
}
