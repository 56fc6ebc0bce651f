package io.pigeonim.connector.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in nanoseconds, kept whole (a run holds at most a few million) and read as percentiles. */
final class Latencies {

    private long[] samples = new long[1 << 16];
    private int size;

    synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized void clear() {
        size = 0;
    }

    synchronized int count() {
        return size;
    }

    /** The {@code p}-th percentile (0..100) in milliseconds, NaN when empty. */
    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, index))] / 1e6;
    }

    /** "p50 / p99" in milliseconds. */
    String p50p99() {
        return String.format(Locale.ROOT, "%s / %s ms", millis(percentileMillis(50)), millis(percentileMillis(99)));
    }

    static String millis(double ms) {
        return Double.isNaN(ms) ? "-" : ms < 10 ? String.format(Locale.ROOT, "%.2f", ms)
                : String.format(Locale.ROOT, "%.0f", ms);
    }
}
