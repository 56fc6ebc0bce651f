package io.pigeonim.bench.stats;

/** A latency distribution read at p50, p99 and p99.9, in milliseconds (NaN when empty), with its sample count. */
public record Percentiles(long count, double p50, double p99, double p999, double max) {

    public static final Percentiles EMPTY = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public boolean isEmpty() {
        return count == 0;
    }
}
