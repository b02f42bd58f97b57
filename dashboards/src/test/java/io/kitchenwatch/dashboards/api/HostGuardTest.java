package io.kitchenwatch.dashboards.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostGuardTest {
    @Test
    void plainHostsAndAddressesPassEverythingElseDoesNot() {
        for (String ok : List.of("localhost", "localhost:8080", "127.0.0.1:18080", "kw.example.gov.cn", "[::1]:8080", "[2001:db8::1]", "my_host")) {
            assertTrue(HostGuard.valid(ok), ok);
        }
        for (String bad : List.of("", "ev%il", "evil%2fx", "a b", "evil.example:99999", "user@evil.example", "ev\"il", "evil<b>x",
                "host:", ":80", "[::1", "-start", "x".repeat(300))) {
            assertFalse(HostGuard.valid(bad), bad);
        }
        assertFalse(HostGuard.valid(null));
    }
}
