package io.kitchenwatch.dashboards.certificates;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compliant batch's certificate as stored: the evidence exactly as signed (a JSON text, so the bytes checked are the
 * bytes signed), its SHA-256, the Ed25519 signature and the id of the key that made it.
 *
 * @param id        {@code c-<batch end, base 36>-<12 characters of the batch's hash>}: names the row's time, so
 *                  finding it is one narrow read, and cannot be guessed from a batch's name alone
 * @param deliverTo the site the tableware went to, or null
 */
public record Certificate(String id, String site, String device, String deliverTo, String evidence, String digest,
                          String signature, String keyId, long issued, long end) {
    private static final Pattern ID = Pattern.compile("c-([0-9a-z]{1,13})-([a-z2-7]{12})");
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    public JsonObject evidenceJson() {
        return new JsonObject(evidence);
    }

    /** The id a batch's certificate gets: the same however often it is issued. */
    public static String idOf(String device, String batch, long start, long end) {
        byte[] hash = sha256((device + "\u0000" + batch + "\u0000" + start).getBytes(StandardCharsets.UTF_8));
        StringBuilder b32 = new StringBuilder(12);
        long bits = 0;
        int count = 0;
        for (int i = 0; b32.length() < 12; i++) {
            bits = (bits << 8) | (hash[i] & 0xff);
            count += 8;
            while (count >= 5 && b32.length() < 12) {
                b32.append(BASE32.charAt((int) (bits >> (count - 5)) & 31));
                count -= 5;
            }
        }
        return "c-" + Long.toString(end, 36) + "-" + b32;
    }

    /** The batch end named in a certificate id, if it is one. */
    public static Optional<Long> endOf(String id) {
        Matcher m = ID.matcher(id == null ? "" : id.toLowerCase(Locale.ROOT));
        if (!m.matches() || !id.equals(id.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(m.group(1), 36));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The row's payload. */
    public JsonObject toStored() {
        return new JsonObject().put("certificate", id).put("site", site).put("device", device).put("deliver_to", deliverTo)
                .put("evidence", evidence).put("digest", digest).put("signature", signature).put("key_id", keyId)
                .put("issued", issued).put("end", end);
    }

    public static Certificate fromStored(JsonObject j) {
        return new Certificate(j.getString("certificate"), j.getString("site"), j.getString("device"), j.getString("deliver_to"),
                j.getString("evidence"), j.getString("digest"), j.getString("signature"), j.getString("key_id"),
                j.getLong("issued"), j.getLong("end"));
    }
}
