package io.kitchenwatch.ingest.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestHealthTest {
    @Test
    void storingAtTheRateItArrivesHasNoProblems() {
        assertEquals(List.of(), new IngestHealth(true, true, 120, Duration.ofSeconds(2), Duration.ofMillis(300)).problems());
    }

    @Test
    void eachReasonDataIsNotStoredIsNamed() {
        List<String> problems = new IngestHealth(false, false, 20_000, Duration.ofSeconds(61), Duration.ofSeconds(75)).problems();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("store not writable"), problems.toString());
        assertTrue(problems.get(1).startsWith("broker disconnected"), problems.toString());
        assertTrue(problems.get(2).startsWith("backlog age 61 s"), problems.toString());
        assertTrue(problems.get(3).startsWith("ingest 75 s behind the broker"), problems.toString());
    }

    @Test
    void aBacklogJustAtTheLimitIsStillHealthy() {
        assertEquals(List.of(), new IngestHealth(true, true, 1, IngestHealth.BACKLOG_AGE_LIMIT, IngestHealth.BACKLOG_AGE_LIMIT).problems());
    }
}
