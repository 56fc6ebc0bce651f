package io.pigeonim.bench.stats;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Latencies in nanoseconds, recorded from any thread into one HdrHistogram (1 µs to 10 min, 3 significant digits).
 *
 * @implNote A synchronized {@link Histogram} rather than {@code ConcurrentHistogram} or a {@code Recorder}: the bench
 *     records at most some 10^4 values a second, where an uncontended lock costs nothing measurable, and it reads the
 *     histogram only once a step is over.
 */
public final class LatencyRecorder {

    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Histogram histogram = new Histogram(1_000, MAX_NANOS, 3);

    /** Records one latency; negative values (an arrival before its intended time cannot be) count as 0. */
    public synchronized void record(long nanos) {
        histogram.recordValue(Math.max(1_000, Math.min(MAX_NANOS, nanos)));
    }

    public synchronized long count() {
        return histogram.getTotalCount();
    }

    public synchronized Percentiles percentiles() {
        if (histogram.getTotalCount() == 0) {
            return Percentiles.EMPTY;
        }
        return new Percentiles(histogram.getTotalCount(), millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(99)), millis(histogram.getValueAtPercentile(99.9)),
                millis(histogram.getMaxValue()));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
