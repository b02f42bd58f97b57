package io.kitchenwatch.dashboards.certificates;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The public, read-only side of certificates, no login: {@code GET /verify/{certificate}} (the page a QR code opens:
 * the evidence and whether the signature and the stored evidence still match), its frames, and the public key at
 * {@code /.well-known/kitchenwatch-signing-key}.
 */
public final class VerifyPages {
    private static final List<String> ROLES = List.of("start", "hold", "end");
    private final CertificateWork work;
    private final Certificates certificates;

    public VerifyPages(CertificateWork work, Certificates certificates) {
        this.work = work;
        this.certificates = certificates;
    }

    public void mount(Router root) {
        root.get("/.well-known/kitchenwatch-signing-key").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Access-Control-Allow-Origin", "*")
                .end(certificates.key().publicJson().encodePrettily()));
        root.get("/verify/:certificate").handler(this::page);
        root.get("/verify/:certificate/:frame").handler(this::frame);
    }

    private void page(RoutingContext ctx) {
        String id = ctx.pathParam("certificate");
        if (Certificate.endOf(id).isEmpty()) {
            notFound(ctx);
            return;
        }
        String url = certificates.verifyUrl(id, ctx.request().isSSL(), ctx.request().getHeader("Host"));
        work.submit(() -> {
            Optional<Certificate> found = certificates.book().find(id);
            if (found.isEmpty()) {
                return Optional.<String>empty();
            }
            Certificate c = found.get();
            return Optional.of(CertificateDocuments.html(c, certificates.verifier().verify(c), url, role -> "/verify/" + id + "/" + role + ".jpg"));
        })
                .onSuccess(page -> {
                    if (page.isEmpty()) {
                        notFound(ctx);
                    } else {
                        html(ctx, 200, page.get());
                    }
                })
                .onFailure(e -> failed(ctx, e));
    }

    private void frame(RoutingContext ctx) {
        String id = ctx.pathParam("certificate");
        String name = ctx.pathParam("frame");
        String role = name.endsWith(".jpg") ? name.substring(0, name.length() - 4) : "";
        if (Certificate.endOf(id).isEmpty() || !ROLES.contains(role)) {
            notFound(ctx);
            return;
        }
        Path file = certificates.verifier().framePath(id, role);
        work.submit(() -> Files.isRegularFile(file) ? Optional.of(file) : Optional.<Path>empty()).onSuccess(f -> {
            if (f.isEmpty()) {
                notFound(ctx);
            } else {
                ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Cache-Control", "public, max-age=86400").sendFile(f.get().toString());
            }
        }).onFailure(e -> failed(ctx, e));
    }

    private static void failed(RoutingContext ctx, Throwable e) {
        if (e instanceof CertificateWork.BusyException) {
            ctx.response().putHeader("Retry-After", "5");
            html(ctx, 503, "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>KitchenWatch</title></head><body>"
                    + "<h1>请稍后再试 Please try again in a few seconds</h1></body></html>");
        } else {
            ctx.fail(e);
        }
    }

    private static void notFound(RoutingContext ctx) {
        html(ctx, 404, "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>KitchenWatch</title></head><body>"
                + "<h1>没有这个证书 No such certificate</h1><p>检查二维码或链接是否完整。Check that the QR code or link is complete.</p></body></html>");
    }

    private static void html(RoutingContext ctx, int status, String page) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", CertificateDocuments.POLICY)
                .putHeader("X-Frame-Options", "DENY").putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Content-Type-Options", "nosniff").end(page);
    }
}
