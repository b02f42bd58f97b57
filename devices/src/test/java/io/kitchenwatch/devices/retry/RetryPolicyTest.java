package io.kitchenwatch.devices.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetryPolicyTest {
    @Test
    void waitsDoubleFromTheFirstUpToTheMostAndStayThere() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertEquals(100, policy.delayMillis(0));
        assertEquals(200, policy.delayMillis(1));
        assertEquals(3_200, policy.delayMillis(5));
        assertEquals(5_000, policy.delayMillis(6));
        assertEquals(5_000, policy.delayMillis(1_000), "no overflow however long it fails");
    }

    @Test
    void aBackoffStartsAgainAfterASuccess() throws InterruptedException {
        RetryPolicy.Backoff backoff = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(4)).backoff();
        assertEquals(1, backoff.nextMillis());
        backoff.pause();
        backoff.pause();
        assertEquals(4, backoff.nextMillis());
        backoff.pause();
        assertEquals(4, backoff.nextMillis());
        backoff.reset();
        assertEquals(1, backoff.nextMillis());
    }

    @Test
    void aPolicyNeedsAPositiveFirstWaitNoLongerThanItsMost() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
