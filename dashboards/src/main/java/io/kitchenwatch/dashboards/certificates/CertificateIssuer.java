package io.kitchenwatch.dashboards.certificates;

import io.kitchenwatch.devices.bus.BatchJudged;
import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.registry.Organization;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;
import io.kitchenwatch.devices.retry.RetryPolicy;
import io.kitchenwatch.ingest.store.StoreException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives every batch judged compliant its certificate, on a thread of its own once the verdict is stored: the evidence
 * (the verdict, the cabinet's curve over the batch as the store holds it, the line camera's frames at start, hold
 * and end with their SHA-256) as one JSON text, signed with the node's key and stored in {@code certificates}.
 * Up to {@value #MAX_WAITING} verdicts wait (policy: when full, the newest is not certified now; the catch-up at the
 * next start certifies it, without frames). A store outage is retried until the store answers.
 */
public final class CertificateIssuer implements AutoCloseable {
    public static final String EVIDENCE_KIND = "kitchenwatch.batch-certificate/1";
    static final int MAX_WAITING = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(CertificateIssuer.class);
    private final Registry registry;
    private final CertificateBook book;
    private final SigningKey key;
    private final LineFrames frames;
    private final Path framesDir;
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_WAITING), r -> {
                Thread t = new Thread(r, "kw-certificate-issuer");
                t.setDaemon(true);
                return t;
            });
    private volatile boolean running = true;

    public CertificateIssuer(Registry registry, CertificateBook book, SigningKey key, LineFrames frames, Path framesDir) {
        this.registry = registry;
        this.book = book;
        this.key = key;
        this.frames = frames;
        this.framesDir = framesDir;
    }

    /** From the bus: a stored verdict. Only compliant batches get a certificate. */
    public void onVerdict(BatchJudged judged) {
        JsonObject verdict = judged.batch().copy();
        // every verdict hands its batch's frames over, so none wait for a certificate that will not come
        List<LineFrames.Kept> kept = frames.take(judged.device(), verdict.getString("batch"), verdict.getLong("start"));
        if (!"compliant".equals(judged.verdict())) {
            return;
        }
        try {
            thread.execute(() -> issueUntilStored(verdict, kept));
        } catch (RejectedExecutionException e) {
            skipped.incrementAndGet();
            LOG.warn("{} certificates wait to be issued; batch {} of {} gets its certificate at the next start",
                    MAX_WAITING, verdict.getString("batch"), judged.device());
        }
    }

    /** Certifies the compliant batches of [from, to) that have no certificate yet (say, after a crash); in the background. */
    public void catchUp(long from, long to) {
        thread.execute(() -> {
            int made = 0;
            long since = from;
            // every cabinet's verdicts a page at a time (a province has 20,000 cabinets: one query each took the
            // store's CPU from ingest for minutes at start)
            try {
                while (running) {
                    List<JsonObject> verdicts = book.compliantVerdicts(since, to);
                    for (JsonObject v : verdicts) {
                        boolean cabinet = registry.device(v.getString("device", ""))
                                .filter(d -> d.kind() == DeviceKind.DISINFECTION_CABINET).isPresent();
                        String id = Certificate.idOf(v.getString("device"), v.getString("batch"), v.getLong("start"), v.getLong("end"));
                        if (cabinet && running && book.find(id).isEmpty()) {
                            issue(v, List.of());
                            made++;
                        }
                    }
                    if (verdicts.size() < CertificateBook.VERDICT_PAGE) {
                        break;
                    }
                    long last = verdicts.get(verdicts.size() - 1).getLong("end");
                    since = last > since ? last : since + 1;
                }
            } catch (StoreException | IOException | RuntimeException e) {
                LOG.warn("certificate catch-up stopped: {}", e.toString());
            }
            if (made > 0) {
                LOG.info("issued {} certificates missing since {}", made, from);
            }
        });
    }

    private void issueUntilStored(JsonObject verdict, List<LineFrames.Kept> kept) {
        RetryPolicy.Backoff backoff = RetryPolicy.STORE_WRITE.backoff();
        while (running) {
            try {
                issue(verdict, kept);
                return;
            } catch (StoreException e) {
                LOG.warn("cannot certify batch {} of {} yet ({}); retrying", verdict.getString("batch"), verdict.getString("device"), e.getMessage());
                try {
                    backoff.pause();
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("cannot certify batch {} of {}", verdict.getString("batch"), verdict.getString("device"), e);
                return;
            }
        }
    }

    /** Builds, signs and stores one certificate; answers it. */
    Certificate issue(JsonObject verdict, List<LineFrames.Kept> kept) throws StoreException, IOException {
        String device = verdict.getString("device");
        String batch = verdict.getString("batch");
        long start = verdict.getLong("start");
        long end = verdict.getLong("end");
        String id = Certificate.idOf(device, batch, start, end);
        book.awaitReadable();
        JsonArray curve = book.curve(device, verdict.getString("field"), start, end);
        JsonArray frameList = new JsonArray();
        for (LineFrames.Kept f : kept) {
            Path file = framesDir.resolve(id + "-" + f.role() + ".jpg");
            Files.createDirectories(framesDir);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, f.jpeg());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            frameList.add(new JsonObject().put("role", f.role()).put("camera", f.camera()).put("ts", f.ts())
                    .put("sha256", Certificate.sha256Hex(f.jpeg())));
        }
        long now = System.currentTimeMillis();
        String siteId = verdict.getString("site");
        Optional<Site> site = registry.site(siteId);
        String deliverTo = verdict.getString("deliver_to");
        JsonObject evidence = new JsonObject()
                .put("kind", EVIDENCE_KIND).put("certificate", id).put("issued", now)
                .put("plant", new JsonObject().put("site", siteId).put("name", site.map(Site::name).orElse(siteId))
                        .put("organization", site.map(Site::organization).orElse(null))
                        .put("organization_name", site.flatMap(s -> registry.organization(s.organization())).map(Organization::name).orElse(null)))
                .put("cabinet", device).put("batch", batch).put("method", verdict.getString("method"))
                .put("start", start).put("end", end).put("field", verdict.getString("field"))
                .put("threshold", verdict.getDouble("threshold")).put("held_s", verdict.getDouble("held_s"))
                .put("required_s", verdict.getDouble("required_s")).put("max_value", verdict.getDouble("max_value"))
                .put("samples", verdict.getInteger("samples")).put("door_openings", verdict.getInteger("door_openings"))
                .put("verdict", verdict.getString("verdict"))
                .put("deliver_to", deliverTo == null ? null : new JsonObject().put("site", deliverTo)
                        .put("name", registry.site(deliverTo).map(Site::name).orElse(deliverTo)))
                .put("curve", curve).put("frames", frameList);
        byte[] signed = evidence.encode().getBytes(StandardCharsets.UTF_8);
        Certificate c = new Certificate(id, siteId, device, deliverTo, new String(signed, StandardCharsets.UTF_8), Certificate.sha256Hex(signed),
                Base64.getEncoder().encodeToString(key.sign(signed)), key.keyId(), now, end);
        book.write(c);
        issued.incrementAndGet();
        return c;
    }

    public long issuedCount() {
        return issued.get();
    }

    public long skippedCount() {
        return skipped.get();
    }

    @Override
    public void close() {
        running = false;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
