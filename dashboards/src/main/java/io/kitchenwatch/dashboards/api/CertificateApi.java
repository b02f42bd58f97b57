package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.certificates.Certificate;
import io.kitchenwatch.dashboards.certificates.CertificateDocuments;
import io.kitchenwatch.dashboards.certificates.CertificateWork;
import io.kitchenwatch.dashboards.certificates.Certificates;
import io.kitchenwatch.dashboards.certificates.QrCodes;
import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;
import io.kitchenwatch.ingest.store.StoreException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.kitchenwatch.dashboards.api.Responses.json;

/**
 * {@code /api/v1/certificates}: the certificates of compliant batches a caller may see (a plant's company and its
 * regulators see the plant's; a canteen sees those of batches delivered to it), each with its verification, as PDF,
 * printable HTML and the QR code that links to its public page.
 */
final class CertificateApi {
    static final int MAX_LISTED = 2_000;
    private static final long DEFAULT_SPAN_MS = 7 * 86_400_000L;
    private final CertificateWork work;
    private final Registry registry;
    private final Certificates certificates;

    CertificateApi(CertificateWork work, Registry registry, Certificates certificates) {
        this.work = work;
        this.registry = registry;
        this.certificates = certificates;
    }

    void mount(Router api) {
        api.get("/certificates").handler(this::list);
        api.get("/certificates/:id").handler(this::one);
        api.get("/certificates/:id/:file").handler(this::file);
    }

    private void list(RoutingContext ctx) {
        Caller caller = ApiRouter.caller(ctx);
        var q = ctx.queryParams();
        long to = QueryParams.time(q.get("to"), "to", System.currentTimeMillis());
        long from = QueryParams.time(q.get("from"), "from", to - DEFAULT_SPAN_MS);
        if (from >= to) {
            throw ApiException.badRequest("empty time range", "from must be before to");
        }
        List<Site> sites;
        if (q.get("site") != null) {
            String id = QueryParams.id(q.get("site"), "site");
            Site site = registry.site(id).filter(s -> caller.sees(s, registry)).orElseThrow(() -> ApiException.notFound("unknown site", id));
            sites = List.of(site);
        } else {
            sites = caller.sites(registry);
        }
        String base = base(ctx);
        work.submit(() -> {
            Map<String, Certificate> found = new LinkedHashMap<>();
            for (Site s : sites) {
                // a site's own cabinets' batches, and the batches delivered to it (a canteen may have both)
                boolean cabinets = registry.devicesOf(s.id()).stream().anyMatch(d -> d.kind() == DeviceKind.DISINFECTION_CABINET);
                List<Map<String, String>> asked = cabinets ? List.of(Map.of("site", s.id()), Map.of("deliver_to", s.id()))
                        : List.of(Map.of("deliver_to", s.id()));
                for (Map<String, String> tags : asked) {
                    for (Certificate c : certificates.book().newest(tags, from, to, MAX_LISTED)) {
                        found.putIfAbsent(c.id(), c);
                    }
                }
            }
            List<Certificate> newest = new ArrayList<>(found.values());
            newest.sort(Comparator.comparingLong(Certificate::end).reversed());
            JsonArray out = new JsonArray();
            newest.stream().limit(MAX_LISTED).forEach(c -> out.add(summary(c, base)));
            return new JsonObject().put("from", from).put("to", to).put("certificates", out).put("truncated", found.size() > MAX_LISTED);
        }).onSuccess(body -> json(ctx, 200, body)).onFailure(e -> failed(ctx, e));
    }

    private void one(RoutingContext ctx) {
        String base = base(ctx);
        readable(ctx, c -> {
            JsonObject body = summary(c, base).put("evidence", c.evidenceJson()).put("evidence_text", c.evidence()).put("digest", c.digest())
                    .put("signature", c.signature()).put("key_id", c.keyId())
                    .put("verification", certificates.verifier().verify(c).toJson());
            return Buffer.buffer(body.encode());
        }, "application/json; charset=utf-8");
    }

    private void file(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        String id = ctx.pathParam("id");
        if (Certificate.endOf(id).isEmpty()) {
            throw ApiException.notFound("unknown certificate", id);
        }
        String url = certificates.verifyUrl(id, ctx.request().isSSL(), ctx.request().getHeader("Host"));
        switch (file) {
            case "certificate.pdf" -> {
                ctx.response().putHeader("Content-Disposition", "attachment; filename=\"kitchenwatch-" + id + ".pdf\"");
                readable(ctx, c -> Buffer.buffer(CertificateDocuments.pdf(c, certificates.verifier().verify(c), url,
                        certificates.framesDir())), "application/pdf");
            }
            case "certificate.html" -> {
                ctx.response().putHeader("Content-Security-Policy", CertificateDocuments.POLICY).putHeader("X-Frame-Options", "DENY")
                        .putHeader("Content-Disposition", (ctx.queryParams().get("download") == null ? "inline" : "attachment")
                                + "; filename=\"kitchenwatch-" + id + ".html\"");
                readable(ctx, c -> Buffer.buffer(CertificateDocuments.html(c, certificates.verifier().verify(c), url,
                        role -> "/verify/" + c.id() + "/" + role + ".jpg"), "UTF-8"), "text/html; charset=utf-8");
            }
            case "qr.png" -> readable(ctx, c -> Buffer.buffer(QrCodes.png(url, 360)), "image/png");
            default -> throw ApiException.notFound("no such certificate file", "one of certificate.pdf, certificate.html, qr.png");
        }
    }

    private interface Render {
        Buffer render(Certificate c) throws StoreException;
    }

    /** Finds the certificate, checks the caller may see it (404 otherwise, as for any id), renders it on a worker. */
    private void readable(RoutingContext ctx, Render render, String contentType) {
        Caller caller = ApiRouter.caller(ctx);
        String id = ctx.pathParam("id");
        if (Certificate.endOf(id).isEmpty()) {
            throw ApiException.notFound("unknown certificate", id);
        }
        work.submit(() -> {
            Optional<Certificate> c = certificates.book().find(id)
                    .filter(found -> caller.seesSite(found.site(), registry) || found.deliverTo() != null && caller.seesSite(found.deliverTo(), registry));
            return c.isEmpty() ? Optional.<Buffer>empty() : Optional.of(render.render(c.get()));
        }).onSuccess(body -> {
            if (body.isEmpty()) {
                ctx.fail(ApiException.notFound("unknown certificate", id));
            } else {
                ctx.response().putHeader("Content-Type", contentType).putHeader("X-Content-Type-Options", "nosniff").end(body.get());
            }
        }).onFailure(e -> failed(ctx, e));
    }

    private static void failed(RoutingContext ctx, Throwable e) {
        if (e instanceof CertificateWork.BusyException busy) {
            ctx.response().putHeader("Retry-After", "5");
            ctx.fail(ApiException.busy(busy.getMessage()));
        } else {
            ctx.fail(e);
        }
    }

    private JsonObject summary(Certificate c, String base) {
        JsonObject e = c.evidenceJson();
        return new JsonObject().put("id", c.id()).put("site", c.site()).put("device", c.device()).put("batch", e.getString("batch"))
                .put("method", e.getString("method")).put("start", e.getLong("start")).put("end", c.end())
                .put("deliver_to", c.deliverTo()).put("issued", c.issued()).put("verify_url", base + "/verify/" + c.id())
                .put("files", new JsonObject().put("pdf", "/api/v1/certificates/" + c.id() + "/certificate.pdf")
                        .put("html", "/api/v1/certificates/" + c.id() + "/certificate.html")
                        .put("qr", "/api/v1/certificates/" + c.id() + "/qr.png"));
    }

    private String base(RoutingContext ctx) {
        return certificates.publicBase(ctx.request().isSSL(), ctx.request().getHeader("Host"));
    }
}
