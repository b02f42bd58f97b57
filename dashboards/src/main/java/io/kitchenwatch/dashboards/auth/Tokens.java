package io.kitchenwatch.dashboards.auth;

import java.util.OptionalLong;
import io.kitchenwatch.devices.identity.SecretFiles;
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
                SecretFiles.write(file, Base64.getEncoder().encodeToString(bytes));
            } else {
                SecretFiles.restrict(file);
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token secret " + file, e);
        }
    }

    public JWTAuth provider() {
        return jwt;
    }

    /** A signed token for the caller; every token expires (a JWT without {@code exp} would be good forever). */
    public String issue(Caller caller, Duration validFor) {
        if (validFor.toSeconds() < 1 || validFor.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a token is valid for 1 s to 68 years, not " + validFor);
        }
        return jwt.generateToken(new JsonObject().put("sub", caller.name()).put("role", caller.role().wireName())
                .put("scope", caller.scope()), new JWTOptions().setExpiresInSeconds((int) validFor.toSeconds()));
    }

    /** When a verified token stops being valid (epoch ms), if it says. */
    public static OptionalLong expiresAt(User user) {
        // the verified claims are in the attributes; the principal keeps only the custom ones
        Object exp = user == null ? null : user.attributes().getValue("exp");
        return exp instanceof Number n ? OptionalLong.of(n.longValue() * 1000) : OptionalLong.empty();
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
