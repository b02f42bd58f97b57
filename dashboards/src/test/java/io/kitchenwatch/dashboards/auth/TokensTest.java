package io.kitchenwatch.dashboards.auth;

import io.vertx.core.Vertx;
import io.vertx.ext.auth.authentication.TokenCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every token says when it expires, and that is what the live stream reads to end itself. */
class TokensTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void aTokenCarriesItsExpiryAndNoTokenIsForever(@TempDir Path dir) {
        Tokens tokens = Tokens.create(vertx, Optional.empty(), dir);
        long before = System.currentTimeMillis();
        String token = tokens.issue(new Caller("wall-screen-1", Role.REGULATOR, "tiantai"), Duration.ofHours(2));
        var user = tokens.provider().authenticate(new TokenCredentials(token)).await();
        assertEquals(Optional.of(new Caller("wall-screen-1", Role.REGULATOR, "tiantai")), Tokens.caller(user));
        long expires = Tokens.expiresAt(user).orElseThrow();
        assertTrue(Math.abs(expires - (before + 7_200_000)) < 5_000, "expires at " + expires);
        assertThrows(IllegalArgumentException.class, () -> tokens.issue(new Caller("x", Role.ADMIN, ""), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue(new Caller("x", Role.ADMIN, ""), Duration.ofDays(-1)));
    }
}
