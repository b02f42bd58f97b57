package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.devices.bus.SourceProgress;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SourceClocksTest {
    private long wall = 1_000_000;
    private final SourceClocks clocks = new SourceClocks(() -> wall);

    @Test
    void aPartitionNotOwnedHoldsNothingBack() {
        assertEquals(Long.MAX_VALUE, clocks.upTo(3));
        clocks.mark(new SourceProgress(3, "a", 1_000, false));
        assertEquals(Long.MAX_VALUE, clocks.upTo(3), "a mark read as the partition was handed over is ignored");
    }

    @Test
    void aGainedPartitionWaitsForItsFirstMarkThenForItsSlowestSource() {
        clocks.own(Set.of(0, 1));
        assertEquals(Long.MIN_VALUE, clocks.upTo(0), "nothing is known to have come in yet");
        clocks.mark(new SourceProgress(0, "a", 10_000, false));
        clocks.mark(new SourceProgress(0, "b", 9_000, false));
        assertEquals(9_000, clocks.upTo(0));
        clocks.mark(new SourceProgress(0, "b", 8_000, false));
        assertEquals(9_000, clocks.upTo(0), "a source's progress never goes back");
        assertEquals(Long.MIN_VALUE, clocks.upTo(1), "each partition has its own sources");
    }

    @Test
    void aRetiredSourceIsNoLongerWaitedFor() {
        clocks.own(Set.of(0));
        clocks.mark(new SourceProgress(0, "a", 10_000, false));
        clocks.mark(new SourceProgress(0, "b", 5_000, false));
        clocks.mark(new SourceProgress(0, "b", Long.MAX_VALUE, true));
        assertEquals(10_000, clocks.upTo(0));
    }

    @Test
    void aSourceSilentForLongerThanTheGiveUpIsNoLongerWaitedForUntilItMarksAgain() {
        clocks.own(Set.of(0));
        clocks.mark(new SourceProgress(0, "dead", 1_000, false));
        clocks.mark(new SourceProgress(0, "alive", 1_000 + SourceClocks.GIVE_UP_MS + 1, false));
        assertEquals(1_000 + SourceClocks.GIVE_UP_MS + 1, clocks.upTo(0));
        clocks.mark(new SourceProgress(0, "dead", 2_000 + SourceClocks.GIVE_UP_MS, false));
        assertEquals(1_000 + SourceClocks.GIVE_UP_MS + 1, clocks.upTo(0));
    }

    @Test
    void aPartitionNoNodeMarksIsJudgedOnTheWallClockAfterTheGiveUp() {
        clocks.own(Set.of(0));
        wall += SourceClocks.GIVE_UP_MS;
        assertEquals(Long.MIN_VALUE, clocks.upTo(0));
        wall += 1;
        assertEquals(Long.MAX_VALUE, clocks.upTo(0), "nobody marks it: waiting longer would hold its devices for good");
        clocks.mark(new SourceProgress(0, "a", 5_000, false));
        assertEquals(5_000, clocks.upTo(0), "marks again: waited for again");
        clocks.mark(new SourceProgress(0, "a", Long.MAX_VALUE, true));
        assertEquals(Long.MIN_VALUE, clocks.upTo(0), "its last node retired: waits for the next one, a while");
    }

    @Test
    void theSlowestOwnedPartitionIsHowFarSilenceMayBeJudged() {
        assertEquals(Long.MAX_VALUE, clocks.slowest(), "nothing owned");
        clocks.own(Set.of(0, 1));
        clocks.mark(new SourceProgress(0, "a", 10_000, false));
        assertEquals(Long.MIN_VALUE, clocks.slowest(), "partition 1 has no mark yet");
        clocks.mark(new SourceProgress(1, "a", 7_000, false));
        assertEquals(7_000, clocks.slowest());
    }

    @Test
    void handingAPartitionOverForgetsItsClock() {
        clocks.own(Set.of(0));
        clocks.mark(new SourceProgress(0, "a", 10_000, false));
        clocks.own(Set.of(1));
        assertEquals(Long.MAX_VALUE, clocks.upTo(0));
        clocks.own(Set.of(0, 1));
        assertEquals(Long.MIN_VALUE, clocks.upTo(0), "gained again: its marks are read afresh");
    }
}
