package io.pigeonim.bench.resource;

/** What one process (or a total) used over a window: CPU seconds and its largest resident set seen. */
public record ProcessUsage(String name, long pid, double cpuSeconds, long maxRssBytes) {

    /** CPU milliseconds per delivered message, NaN without deliveries. */
    public double cpuMillisPer(long delivered) {
        return delivered == 0 ? Double.NaN : cpuSeconds * 1000 / delivered;
    }
}
