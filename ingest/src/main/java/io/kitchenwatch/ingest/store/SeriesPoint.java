package io.kitchenwatch.ingest.store;

/** One downsampled value: the mean of a bucket that starts at {@code t} (epoch ms, aligned to the epoch). */
public record SeriesPoint(long t, double value) {
}
