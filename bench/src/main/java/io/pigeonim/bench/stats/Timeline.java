package io.pigeonim.bench.stats;

import java.util.Arrays;

/** Events counted in buckets of fixed width since an origin (e.g. deliveries per 100 ms since the run started). */
public final class Timeline {

    private final long originNanos;
    private final long bucketNanos;
    private long[] counts = new long[1024];
    private int used;

    public Timeline(long originNanos, long bucketNanos) {
        if (bucketNanos <= 0) {
            throw new IllegalArgumentException("bucketNanos: " + bucketNanos + " (expected: > 0)");
        }
        this.originNanos = originNanos;
        this.bucketNanos = bucketNanos;
    }

    public synchronized void add(long nanos) {
        if (nanos < originNanos) {
            return;
        }
        long index = (nanos - originNanos) / bucketNanos;
        if (index >= counts.length) {
            counts = Arrays.copyOf(counts, (int) Math.max(counts.length * 2L, index + 1));
        }
        counts[(int) index]++;
        used = (int) Math.max(used, index + 1);
    }

    /** Events with a time in {@code [fromNanos, toNanos)}, at bucket precision. */
    public synchronized long between(long fromNanos, long toNanos) {
        int from = (int) Math.max(0, (fromNanos - originNanos) / bucketNanos);
        int to = (int) Math.min(used, Math.max(0, (toNanos - originNanos) / bucketNanos));
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += counts[i];
        }
        return sum;
    }

    /** Events per second in each whole second since the origin. */
    public synchronized double[] perSecond() {
        int perSecond = (int) Math.max(1, 1_000_000_000L / bucketNanos);
        double[] seconds = new double[(used + perSecond - 1) / perSecond];
        for (int i = 0; i < used; i++) {
            seconds[i / perSecond] += counts[i];
        }
        return seconds;
    }

    public long originNanos() {
        return originNanos;
    }
}
