package io.kitchenwatch.simulator;

/**
 * Simulated time: starts {@code backfillMs} in the past and runs {@code acceleration} times faster than the wall
 * clock until it reaches the present, then follows the wall clock, so event times are never in the future.
 */
final class SimClock {
    private final long wallStart;
    private final long simStart;
    private final double acceleration;

    SimClock(long wallStart, long backfillMs, double acceleration) {
        this.wallStart = wallStart;
        this.simStart = wallStart - backfillMs;
        this.acceleration = acceleration;
    }

    long simNow(long wallNow) {
        long accelerated = simStart + (long) ((wallNow - wallStart) * acceleration);
        return Math.min(accelerated, wallNow);
    }
}
