package io.kitchenwatch.dashboards.pages;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboards' pages and their assets, all served from the jar: {@code /ui/*} from {@code webroot/} and the chart
 * library from its WebJar under {@code /webjars/*}. Pages hold no data: they call {@code /api/v1} with the login's
 * token, so what a person sees is exactly what the API lets their token see.
 */
public final class PageRoutes {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' blob: data:; "
            + "style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private PageRoutes() {
    }

    public static void mount(Router root) {
        // a route's path also matches with a trailing slash: redirect only the bare forms, or /ui/ would loop
        root.get("/").handler(ctx -> redirectExactly(ctx, "/"));
        root.get("/ui").handler(ctx -> redirectExactly(ctx, "/ui"));
        root.route("/ui/*").handler(PageRoutes::securityHeaders);
        // pages change with every release: revalidate rather than cache them
        root.route("/ui/*").handler(StaticHandler.create("webroot").setCachingEnabled(false).setIndexPage("index.html"));
        root.route("/webjars/*").handler(PageRoutes::securityHeaders);
        // WebJar paths carry their version, so they may be cached for long
        root.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(7 * 86_400));
    }

    private static void redirectExactly(RoutingContext ctx, String path) {
        if (ctx.request().path().equals(path)) {
            ctx.redirect("/ui/");
        } else {
            ctx.next();
        }
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
    }
}
