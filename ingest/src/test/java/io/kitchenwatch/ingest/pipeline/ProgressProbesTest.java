package io.kitchenwatch.ingest.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressProbesTest {
    final ProgressProbes probes = new ProgressProbes();

    @Test
    void aReturningProbeTellsWhenItWasSentAndSettlesOlderOnes() {
        byte[] first = probes.next(1_000).orElseThrow();
        byte[] second = probes.next(1_250).orElseThrow();
        byte[] third = probes.next(1_500).orElseThrow();
        assertEquals(OptionalLong.of(1_250), probes.returned(second));
        assertEquals(1, probes.outstanding(), "the first, older than a returned one, was lost on the way");
        assertEquals(OptionalLong.empty(), probes.returned(first), "and says nothing if it turns up late");
        assertEquals(OptionalLong.of(1_500), probes.returned(third));
        assertEquals(OptionalLong.empty(), probes.returned(third), "a redelivered probe counts once");
    }

    @Test
    void forgedAndForeignProbesMoveNothing() {
        probes.next(1_000).orElseThrow();
        for (String forged : new String[] {"{\"probe\":\"1\",\"sent\":9999999999999}", "{}", "garbage", "",
                "{\"probe\":\"zz\"}", "{\"probe\":\"" + "f".repeat(300) + "\"}"}) {
            assertEquals(OptionalLong.empty(), probes.returned(forged.getBytes(StandardCharsets.UTF_8)), forged);
        }
        assertEquals(1, probes.outstanding());
    }

    @Test
    void atMostABoundedNumberWaitAtOnce() {
        for (int i = 0; i < ProgressProbes.MAX_OUTSTANDING; i++) {
            assertTrue(probes.next(i).isPresent());
        }
        assertTrue(probes.next(5_000).isEmpty(), "no new probe while the window is full");
    }

    @Test
    void aProbeThatWasNotSentOrNeverCameBackIsForgotten() {
        byte[] refused = probes.next(1_000).orElseThrow();
        probes.unsent(refused);
        assertEquals(0, probes.outstanding());
        byte[] lost = probes.next(2_000).orElseThrow();
        probes.next(2_000 + ProgressProbes.FORGET_AFTER_MS + 1).orElseThrow();
        assertEquals(1, probes.outstanding(), "a broker that lost its queue does not block probing for good");
        assertEquals(OptionalLong.empty(), probes.returned(lost));
    }
}
