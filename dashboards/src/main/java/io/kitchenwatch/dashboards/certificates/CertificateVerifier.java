package io.kitchenwatch.dashboards.certificates;

import io.kitchenwatch.ingest.store.StoreException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
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
        compareWithStore(c, e, problems);
        compareFrames(c, e, problems, notes);
        return new Verification(signature, problems.size() == before, problems, notes);
    }

    private void compareWithStore(Certificate c, JsonObject e, List<String> problems) throws StoreException {
        String device = e.getString("cabinet");
        if (!Objects.equals(device, c.device()) || !Objects.equals(e.getString("certificate"), c.id())) {
            problems.add("the evidence names another batch than the certificate record");
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
        }
        JsonArray signedCurve = e.getJsonArray("curve", new JsonArray());
        JsonArray storedCurve = book.curve(device, e.getString("field"), e.getLong("start"), e.getLong("end"));
        if (signedCurve.size() != storedCurve.size()) {
            problems.add("the store holds " + storedCurve.size() + " readings over the batch, the certificate " + signedCurve.size());
            return;
        }
        for (int i = 0; i < signedCurve.size(); i++) {
            JsonArray s = signedCurve.getJsonArray(i);
            JsonArray now = storedCurve.getJsonArray(i);
            if (!sameValue(s.getValue(0), now.getValue(0)) || !sameValue(s.getValue(1), now.getValue(1))) {
                problems.add("reading " + (i + 1) + " (" + TIME.format(Instant.ofEpochMilli(s.getLong(0)).atZone(ZONE)) + ") differs: the store has "
                        + now.getValue(1) + (sameValue(s.getValue(0), now.getValue(0)) ? "" : " at " + TIME.format(Instant.ofEpochMilli(now.getLong(0)).atZone(ZONE)))
                        + ", the certificate " + s.getValue(1));
                return;
            }
        }
    }

    private void compareFrames(Certificate c, JsonObject e, List<String> problems, List<String> notes) {
        boolean expired = System.currentTimeMillis() - c.issued() > frameRetention.toMillis();
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
