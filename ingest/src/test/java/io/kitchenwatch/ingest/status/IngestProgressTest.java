package io.kitchenwatch.ingest.status;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IngestProgressTest {
    @Test
    void silenceIsJudgedWhereIngestHasGotNotAtTheWallClock() {
        IngestProgress progress = IngestProgress.trackedFrom(10_000);
        assertEquals(10_000, progress.judgementTime(40_000));
        assertEquals(Duration.ofSeconds(30), progress.lag(40_000));
        progress.caughtUp(39_750);
        progress.caughtUp(20_000); // a late, older probe never moves it back
        assertEquals(39_750, progress.judgementTime(40_000));
        assertEquals(40_000, IngestProgress.trackedFrom(50_000).judgementTime(40_000), "never ahead of now");
    }

    @Test
    void aLagBeyondTheBoundIsJudgedAtTheBound() {
        IngestProgress progress = IngestProgress.trackedFrom(0);
        long now = IngestProgress.MAX_LAG.toMillis() + 5_000;
        assertEquals(5_000, progress.judgementTime(now), "devices are found offline late, not never");
        assertEquals(now, IngestProgress.wallClock().judgementTime(now));
        assertEquals(Duration.ZERO, IngestProgress.wallClock().lag(now));
    }
}
