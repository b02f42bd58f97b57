package io.kitchenwatch.dashboards.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** PBKDF2-HMAC-SHA256 with a random salt per password; only the hash is ever stored. */
final class PasswordHasher {
    static final int ITERATIONS = 120_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {
    }

    static String salt() {
        byte[] s = new byte[16];
        RANDOM.nextBytes(s);
        return Base64.getEncoder().encodeToString(s);
    }

    static String hash(char[] password, String salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, Base64.getDecoder().decode(salt), iterations, 256);
            return Base64.getEncoder().encodeToString(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is missing from this JVM", e);
        }
    }

    static boolean matches(char[] password, String salt, int iterations, String expected) {
        return MessageDigest.isEqual(hash(password, salt, iterations).getBytes(), expected.getBytes());
    }

    /** A password people can type: 12 characters from an alphabet without look-alikes. */
    static String randomPassword() {
        String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
