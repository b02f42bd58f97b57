package io.kitchenwatch.dashboards.certificates;

import io.kitchenwatch.ingest.store.StoreException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a certificate: its signature against the node's public key, its digest against its evidence, and its evidence
 * against what the store and the frame files hold now (the verdict row, every point of the curve, each frame's
 * SHA-256). A record changed in the store after signing shows as not verified, with what differs. Blocking.
 */
public final class CertificateVerifier {
    private static final List<String> VERDICT_FIELDS = List.of("method", "field", "threshold", "held_s", "required_s",
            "max_value", "samples", "door_openings", "verdict");
    private final CertificateBook book;
    private final SigningKey key;
    private final Path framesDir;
    private final Duration frameRetention;

    public CertificateVerifier(CertificateBook book, SigningKey key, Path framesDir, Duration frameRetention) {
        this.book = book;
        this.key = key;
        this.framesDir = framesDir;
        this.frameRetention = frameRetention;
    }

    public Verification verify(Certificate c) throws StoreException {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        byte[] signed = c.evidence().getBytes(StandardCharsets.UTF_8);
        boolean signature = key.keyId().equals(c.keyId()) && key.verifies(signed, decode(c.signature()));
        if (!key.keyId().equals(c.keyId())) {
            problems.add("signed with key " + c.keyId() + ", not this node's key " + key.keyId());
        } else if (!signature) {
            problems.add("the signature does not match the certificate's evidence");
        }
        if (!Certificate.sha256Hex(signed).equals(c.digest())) {
            problems.add("the digest does not match the certificate's evidence");
            signature = false;
        }
        JsonObject e;
        try {
            e = c.evidenceJson();
        } catch (RuntimeException bad) {
            problems.add("the evidence is not readable JSON");
            return new Verification(false, false, problems, notes);
        }
        int before = problems.size();
        compareWithStore(c, e, problems, notes);
        compareFrames(c, e, problems, notes);
        return new Verification(signature, problems.size() == before, problems, notes);
    }

    private void compareWithStore(Certificate c, JsonObject e, List<String> problems, List<String> notes) throws StoreException {
        String device = e.getString("cabinet");
        JsonObject deliverTo = e.getJsonObject("deliver_to");
        if (!Objects.equals(device, c.device()) || !Objects.equals(e.getString("certificate"), c.id())
                || !Objects.equals(e.getJsonObject("plant", new JsonObject()).getString("site"), c.site())
                || !Objects.equals(deliverTo == null ? null : deliverTo.getString("site"), c.deliverTo())
                || !Objects.equals(e.getLong("issued"), c.issued()) || !Objects.equals(e.getLong("end"), c.end())) {
            problems.add("the certificate record's plant, cabinet, customer or times differ from its signed evidence");
            return;
        }
        Optional<JsonObject> verdict = book.verdict(device, e.getString("batch"), e.getLong("start"), e.getLong("end"));
        if (verdict.isEmpty()) {
            problems.add("the store holds no verdict for batch " + e.getString("batch") + " of " + device + " at that time");
        } else {
            for (String field : VERDICT_FIELDS) {
                Object signedValue = e.getValue(field);
                Object stored = verdict.get().getValue(field);
                if (!sameValue(signedValue, stored)) {
                    problems.add("the stored verdict's " + field + " is " + stored + ", the certificate says " + signedValue);
                }
            }
            if (!Objects.equals(verdict.get().getString("site"), c.site())
                    || !Objects.equals(verdict.get().getString("deliver_to"), c.deliverTo())) {
                problems.add("the stored verdict names another plant or customer than the certificate");
            }
        }
        compareCurve(device, e, problems, notes);
    }

    /**
     * Every signed reading must still be in the store with its value. Readings stored since (a device that sends late)
     * do not change what was signed: they are noted, not counted against it.
     */
    private void compareCurve(String device, JsonObject e, List<String> problems, List<String> notes) throws StoreException {
        Map<Long, Double> stored = new HashMap<>();
        for (Object o : book.curve(device, e.getString("field"), e.getLong("start"), e.getLong("end"))) {
            JsonArray p = (JsonArray) o;
            stored.put(p.getLong(0), p.getDouble(1));
        }
        int matched = 0;
        for (Object o : e.getJsonArray("curve", new JsonArray())) {
            JsonArray signed = (JsonArray) o;
            long ts = signed.getLong(0);
            Double now = stored.get(ts);
            if (now == null) {
                problems.add("the reading of " + CertificateDocuments.time(ts) + " (" + signed.getValue(1) + ") is no longer in the store");
            } else if (Double.compare(now, signed.getDouble(1)) != 0) {
                problems.add("the reading of " + CertificateDocuments.time(ts) + " differs: the store has " + now + ", the certificate " + signed.getValue(1));
            } else {
                matched++;
            }
            if (problems.size() >= 10) {
                problems.add("(and perhaps more)");
                return;
            }
        }
        int added = stored.size() - matched;
        if (added > 0 && problems.isEmpty()) {
            notes.add(added + " reading(s) of the batch reached the store after the certificate was issued; the signed ones are unchanged");
        }
    }

    private void compareFrames(Certificate c, JsonObject e, List<String> problems, List<String> notes) {
        boolean expired = System.currentTimeMillis() - e.getLong("issued", 0L) > frameRetention.toMillis();
        for (Object o : e.getJsonArray("frames", new JsonArray())) {
            JsonObject f = (JsonObject) o;
            Path file = framePath(c.id(), f.getString("role"));
            if (!Files.isRegularFile(file)) {
                if (expired) {
                    notes.add("the " + f.getString("role") + " frame is past its retention and no longer kept");
                } else {
                    problems.add("the " + f.getString("role") + " frame is missing");
                }
                continue;
            }
            try {
                if (!Certificate.sha256Hex(Files.readAllBytes(file)).equals(f.getString("sha256"))) {
                    problems.add("the " + f.getString("role") + " frame differs from the one signed");
                }
            } catch (IOException io) {
                problems.add("the " + f.getString("role") + " frame cannot be read");
            }
        }
    }

    /** The file of a certificate's frame ({@code start}, {@code hold} or {@code end}). */
    public Path framePath(String certificate, String role) {
        return framesDir.resolve(certificate + "-" + role + ".jpg");
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a, b);
    }

    private static byte[] decode(String b64) {
        try {
            return Base64.getDecoder().decode(b64 == null ? "" : b64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
