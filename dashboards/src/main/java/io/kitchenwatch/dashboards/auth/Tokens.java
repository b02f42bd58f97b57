package io.kitchenwatch.dashboards.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs and checks the bearer tokens (JWT, HS256) of people and machines. The secret comes from configuration or,
 * failing that, from {@code <data-dir>/jwt-secret}, generated on first start; there is no default in the code.
 */
public final class Tokens {
    private final JWTAuth jwt;

    private Tokens(JWTAuth jwt) {
        this.jwt = jwt;
    }

    public static Tokens create(Vertx vertx, Optional<String> configuredSecret, Path dataDir) {
        String secret = configuredSecret.orElseGet(() -> secretFile(dataDir));
        return new Tokens(JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))));
    }

    private static String secretFile(Path dataDir) {
        Path file = dataDir.resolve("jwt-secret");
        try {
            if (!Files.isRegularFile(file)) {
                byte[] bytes = new byte[48];
                new SecureRandom().nextBytes(bytes);
                Files.createDirectories(dataDir);
                Files.writeString(file, Base64.getEncoder().encodeToString(bytes));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the folder's own permissions protect it
                }
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token secret " + file, e);
        }
    }

    public JWTAuth provider() {
        return jwt;
    }

    public String issue(Caller caller, Duration validFor) {
        return jwt.generateToken(new JsonObject().put("sub", caller.name()).put("role", caller.role().wireName())
                .put("scope", caller.scope()), new JWTOptions().setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, validFor.toSeconds())));
    }

    /** The caller a verified token speaks for. */
    public static Optional<Caller> caller(User user) {
        if (user == null) {
            return Optional.empty();
        }
        JsonObject p = user.principal();
        return Role.fromWire(p.getString("role")).map(r -> new Caller(p.getString("sub"), r, p.getString("scope", "")));
    }
}
