package io.kitchenwatch.dashboards.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers an HTTP/1 request whose Host header is not a plain host name or address (with an optional port) with a 400 before
 * the router sees it: Vert.x 5.0.7's authority check throws on some such values (a {@code %}), which left the
 * connection open and unanswered, and answers others with a 500.
 */
public final class HostGuard implements Handler<HttpServerRequest> {
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9.\\-_]{0,252})|\\[[0-9A-Fa-f:.]{2,45}])(?::([0-9]{1,5}))?");
    private static final String BODY = "{\"error\":\"invalid Host header\",\"detail\":\"send a Host header with a host name or address and an optional port, e.g. Host: kw.example.gov.cn:8080\"}";
    private final Router router;

    public HostGuard(Router router) {
        this.router = router;
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (!(request.version() == HttpVersion.HTTP_2 ? hasAuthority(request) : valid(request.getHeader("Host")))) {
            request.response().setStatusCode(400).putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("Connection", "close").end(BODY);
            return;
        }
        router.handle(request);
    }

    /** HTTP/2 carries no Host header: its {@code :authority}, parsed as the stream opened, must be there. */
    private static boolean hasAuthority(HttpServerRequest request) {
        try {
            return request.authority() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean valid(String host) {
        if (host == null) {
            return false;
        }
        Matcher m = HOST.matcher(host);
        return m.matches() && (m.group(2) == null || Integer.parseInt(m.group(2)) <= 65_535);
    }
}
