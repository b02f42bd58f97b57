package io.kitchenwatch.analytics.engine;

import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.Reading;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a message can be judged: at once when nothing can precede it, else after the lateness (event or wall time). */
class ReorderBufferTest {
    static final long LATENESS = 2_000;
    static final long T0 = 1_764_400_000_000L;

    private static Reading reading(long ts, long seq) {
        return new Reading("s", "d", ts, OptionalLong.of(seq), Map.of("v", 1.0));
    }

    private static List<Long> times(List<DeviceMessage> released) {
        return released.stream().map(DeviceMessage::ts).toList();
    }

    @Test
    void readingsThatContinueTheSequenceAreReleasedAtOnce() {
        ReorderBuffer buffer = new ReorderBuffer(LATENESS);
        assertEquals(List.of(), buffer.add(reading(T0, 7), T0), "the first: what came before it is not known");
        assertEquals(List.of(T0), times(buffer.releaseOverdue(T0 + LATENESS)), "it waited the lateness on the wall clock");
        assertEquals(List.of(T0 + 2_500), times(buffer.add(reading(T0 + 2_500, 8), T0 + 2_500)), "seq 8 follows 7: judged at once");
        assertEquals(List.of(T0 + 2_600), times(buffer.add(reading(T0 + 2_600, 9), T0 + 2_600)));
        assertEquals(2, buffer.early(), "two released early");
    }

    @Test
    void theWallClockSweepLetsGoOnlyWhatFellDueAndSkipsWhatWentEarlier() {
        ReorderBuffer buffer = new ReorderBuffer(LATENESS);
        buffer.add(reading(T0, 1), T0);
        buffer.drain();
        for (int i = 0; i < 1_000; i++) { // gaps everywhere (odd seq only): all of these wait, arriving 1 ms apart
            buffer.add(reading(T0 + 10 + i, 3 + 2 * i), T0 + 10 + i);
        }
        assertEquals(List.of(), buffer.releaseOverdue(T0 + 9 + LATENESS));
        assertEquals(List.of(T0 + 10, T0 + 11), times(buffer.releaseOverdue(T0 + 11 + LATENESS)), "the first two fell due");
        assertEquals(998, buffer.drain().size(), "the rest still waited, in order");
        buffer.add(reading(T0 + 5_000, 3_000), T0 + 5_000); // a new gap; released later by the event-time window
        buffer.add(reading(T0 + 5_000 + LATENESS, 3_002), T0 + 5_001);
        assertEquals(List.of(), buffer.releaseOverdue(T0 + 5_000 + LATENESS), "what the window let go is not released twice");
        assertEquals(List.of(T0 + 5_000 + LATENESS), times(buffer.releaseOverdue(T0 + 5_001 + LATENESS)));
        assertTrue(buffer.isEmpty());
    }

    @Test
    void withAHoldANewerMessageDoesNotPushOutAnOlderOneStillOnItsWay() {
        long hold = 500;
        ReorderBuffer held = new ReorderBuffer(LATENESS, hold);
        ReorderBuffer plain = new ReorderBuffer(LATENESS);
        // readings 10 s apart in event time, seq 1, 3, 2 (two nodes forwarded them a few ms out of order)
        for (ReorderBuffer buffer : List.of(held, plain)) {
            buffer.add(reading(T0, 1), T0);
            buffer.drain();
        }
        assertEquals(List.of(), held.add(reading(T0 + 20_000, 3), T0 + 100_000), "out of sequence: waits for the hold");
        assertEquals(List.of(), held.add(reading(T0 + 30_000, 4), T0 + 100_001));
        assertEquals(List.of(T0 + 10_000, T0 + 20_000, T0 + 30_000), times(held.add(reading(T0 + 10_000, 2), T0 + 100_005)),
                "the missing one came within the hold: all in order");
        assertEquals(0, held.late());

        plain.add(reading(T0 + 20_000, 3), T0 + 100_000);
        assertEquals(List.of(T0 + 20_000, T0 + 30_000), times(plain.add(reading(T0 + 30_000, 4), T0 + 100_001)),
                "without a hold, event time lets 3 (and 4 after it) go before 2 is in");
        plain.add(reading(T0 + 10_000, 2), T0 + 100_005);
        assertEquals(1, plain.late());

        assertEquals(List.of(), held.add(reading(T0 + 50_000, 6), T0 + 200_000), "a real gap: 5 never comes");
        assertEquals(List.of(), held.releaseOverdue(T0 + 200_000 + hold - 1));
        assertEquals(List.of(T0 + 50_000), times(held.releaseOverdue(T0 + 200_000 + LATENESS)), "the wall clock lets it go");
    }

    @Test
    void inACLusterTheInputClockNotTheWallClockLetsAMessageOutOfSequenceGo() {
        long hold = 100;
        ReorderBuffer buffer = new ReorderBuffer(LATENESS, hold);
        buffer.add(reading(T0, 1), T0);
        buffer.drain();
        long arrived = T0 + 100_000;
        // 3 came through one node; the node that has 2 has marked its progress only up to before 3 arrived
        assertEquals(List.of(), buffer.add(reading(T0 + 20_000, 3), arrived, arrived - 50));
        assertEquals(List.of(), buffer.add(reading(T0 + 30_000, 4), arrived + 1, arrived - 50));
        assertEquals(List.of(), buffer.releaseOverdue(arrived - 50), "the wall clock has moved on, the input has not");
        assertEquals(List.of(), buffer.releaseOverdue(Long.MIN_VALUE), "a partition just gained: no mark read yet");
        assertEquals(List.of(T0 + 10_000, T0 + 20_000, T0 + 30_000), times(buffer.add(reading(T0 + 10_000, 2), arrived - 20, arrived - 50)),
                "2 came in behind: all in order");
        assertEquals(List.of(), buffer.add(reading(T0 + 50_000, 6), arrived + 10, arrived), "a real gap: 5 never comes");
        assertEquals(List.of(T0 + 50_000), times(buffer.releaseOverdue(arrived + 10 + LATENESS)),
                "once every node is past it by the lateness, it goes");
        assertEquals(0, buffer.late());
    }

    @Test
    void aGapMakesReadingsWaitUntilItIsFilled() {
        ReorderBuffer buffer = new ReorderBuffer(LATENESS);
        buffer.add(reading(T0, 1), T0);
        buffer.drain();
        assertEquals(List.of(), buffer.add(reading(T0 + 300, 3), T0 + 300), "seq 2 is missing: 3 waits");
        assertEquals(List.of(), buffer.add(reading(T0 + 400, 4), T0 + 400));
        assertEquals(List.of(T0 + 200, T0 + 300, T0 + 400), times(buffer.add(reading(T0 + 200, 2), T0 + 450)),
                "the missing one arrives: it and all that follow it go, in order");
        assertTrue(buffer.isEmpty());
    }

    @Test
    void readingsOfADeviceWhoseEventsCarryNoSequenceWaitForTheLateness() {
        ReorderBuffer buffer = new ReorderBuffer(LATENESS);
        buffer.add(new DeviceEvent("s", "d", T0, OptionalLong.empty(), "cycle_start", Map.of()), T0);
        buffer.add(reading(T0 + 100, 1), T0 + 100);
        buffer.drain();
        assertEquals(List.of(), buffer.add(reading(T0 + 200, 2), T0 + 200),
                "an event without seq could still be on its way: contiguous seq proves nothing");
        assertEquals(List.of(), buffer.releaseOverdue(T0 + 200 + LATENESS - 1));
        assertEquals(List.of(T0 + 200), times(buffer.releaseOverdue(T0 + 200 + LATENESS)), "released on the wall clock");
    }

    @Test
    void eventsFromTheSameCounterKeepTheChainAndAreReleasedAtOnceToo() {
        ReorderBuffer buffer = new ReorderBuffer(LATENESS);
        buffer.add(reading(T0, 1), T0);
        buffer.drain();
        DeviceEvent start = new DeviceEvent("s", "d", T0 + 100, OptionalLong.of(2), "cycle_start", Map.of());
        assertEquals(List.of(start), buffer.add(start, T0 + 100));
        assertEquals(List.of(T0 + 200), times(buffer.add(reading(T0 + 200, 3), T0 + 200)));
    }

    @Test
    void aQuietDeviceDoesNotHoldItsLastReadingHostage() {
        ReorderBuffer buffer = new ReorderBuffer(LATENESS);
        buffer.add(reading(T0, 1), T0);
        assertEquals(List.of(), buffer.releaseOverdue(T0 + LATENESS - 1));
        assertEquals(List.of(T0), times(buffer.releaseOverdue(T0 + LATENESS)), "no newer message came: the wall clock lets it go");
    }

    @Test
    void aReplayWithoutArrivalTimesIsJudgedOnEventTimeOnly() {
        ReorderBuffer buffer = new ReorderBuffer(LATENESS);
        buffer.add(reading(T0, 1));
        assertEquals(List.of(), buffer.releaseOverdue(Long.MAX_VALUE - LATENESS), "never due on the wall clock");
        assertEquals(List.of(T0), times(buffer.drain()));
    }

    @Test
    void aMessageOlderThanWhatWasReleasedIsJudgedAtOnceAsLate() {
        ReorderBuffer buffer = new ReorderBuffer(LATENESS);
        buffer.add(reading(T0, 1), T0);
        buffer.drain();
        buffer.add(reading(T0 + 500, 2), T0 + 500);
        assertEquals(List.of(T0 + 100), times(buffer.add(new DeviceEvent("s", "d", T0 + 100, OptionalLong.of(9), "door", Map.of()), T0 + 600)));
        assertEquals(1, buffer.late());
    }

    @Test
    void onceTheWindowLetsTheFirstGoTheOnesThatFollowItGoToo() {
        ReorderBuffer buffer = new ReorderBuffer(LATENESS);
        buffer.add(reading(T0, 1), T0);
        assertEquals(List.of(T0, T0 + LATENESS), times(buffer.add(reading(T0 + LATENESS, 2), T0 + 10)),
                "seq 1 released by the window, seq 2 continues it");
        assertTrue(buffer.isEmpty());
    }
}
