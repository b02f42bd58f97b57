package io.kitchenwatch.ingest.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeqDeduplicatorTest {
    private final SeqDeduplicator dedupe = new SeqDeduplicator(2);

    @Test
    void dropsARepeatedSeqOfTheSameDevice() {
        assertTrue(dedupe.firstTime("d", 1));
        assertTrue(dedupe.firstTime("d", 2));
        assertFalse(dedupe.firstTime("d", 1));
        assertFalse(dedupe.firstTime("d", 2));
        assertTrue(dedupe.firstTime("other", 1));
    }

    @Test
    void acceptsLateButUnseenSeqsInsideTheWindow() {
        assertTrue(dedupe.firstTime("d", 10));
        assertTrue(dedupe.firstTime("d", 7));
        assertFalse(dedupe.firstTime("d", 7));
    }

    @Test
    void aCounterThatStartsAgainIsARestartNotDuplicates() {
        assertTrue(dedupe.firstTime("d", 1_000_000));
        assertTrue(dedupe.firstTime("d", 0));
        assertTrue(dedupe.firstTime("d", 1));
        assertFalse(dedupe.firstTime("d", 1));
    }

    @Test
    void aJumpPastTheWindowForgetsOldSeqs() {
        assertTrue(dedupe.firstTime("d", 5));
        assertTrue(dedupe.firstTime("d", 5 + SeqDeduplicator.WINDOW + 10));
        assertTrue(dedupe.firstTime("d", 5 + SeqDeduplicator.WINDOW + 9));
    }

    @Test
    void memoryIsBoundedByEvictingTheLeastRecentDevice() {
        assertTrue(dedupe.firstTime("a", 1));
        assertTrue(dedupe.firstTime("b", 1));
        assertTrue(dedupe.firstTime("c", 1));
        assertTrue(dedupe.firstTime("a", 1), "a was evicted, so its window is new");
    }
}
