package io.kitchenwatch.dashboards.certificates;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The node's Ed25519 key that signs batch certificates (the JDK's own Ed25519): made on first start into
 * {@code <data-dir>/certificates/signing-key.p8} (readable by its owner only), its public half beside it. The key id
 * is the first 8 bytes of the SHA-256 of the public key, in hex.
 */
public final class SigningKey {
    private static final String ALGORITHM = "Ed25519";
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyId(publicKey);
    }

    /** Loads the key kept in {@code dir}, or makes one there. */
    public static SigningKey in(Path dir) throws IOException {
        Path priv = dir.resolve("signing-key.p8");
        Path pub = dir.resolve("signing-key.pub");
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            if (Files.isRegularFile(priv) && Files.isRegularFile(pub)) {
                return new SigningKey(factory.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv))),
                        factory.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub))));
            }
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            Files.createDirectories(dir);
            writeOwnerOnly(priv, pair.getPrivate().getEncoded());
            Files.write(pub, pair.getPublic().getEncoded());
            return new SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read or make the certificate signing key in " + dir, e);
        }
    }

    private static void writeOwnerOnly(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data folder's own access rules protect it
        }
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    public String keyId() {
        return keyId;
    }

    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} is this key's signature of {@code message}. */
    public boolean verifies(byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(publicKey);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** What the well-known URL serves: enough for anyone to check a certificate's signature without this node. */
    public JsonObject publicJson() {
        String b64 = Base64.getEncoder().encodeToString(publicKey.getEncoded());
        return new JsonObject().put("algorithm", ALGORITHM).put("key_id", keyId).put("public_key", b64)
                .put("pem", "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n")
                .put("signs", "the UTF-8 bytes of a certificate's evidence_text (GET /api/v1/certificates/{id}) exactly as given; "
                        + "its SHA-256 is the certificate's digest");
    }

    private static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
