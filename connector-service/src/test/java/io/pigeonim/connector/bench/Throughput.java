package io.pigeonim.connector.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Completions and their latencies counted only inside a measured interval (warm-up and draining left out), refusals
 * counted always, and the CPU time the watched processes (connectors, this JVM) spent in the interval.
 */
final class Throughput {

    private final List<ProcessHandle> watched;
    private long[] cpuAtStart;
    private long[] cpuAtEnd;

    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Latencies latencies = new Latencies();
    private volatile boolean measuring;
    private long startNanos;
    private long endNanos;

    Throughput(List<ProcessHandle> watched) {
        this.watched = List.copyOf(watched);
    }

    Throughput() {
        this(List.of());
    }

    void completed(long latencyNanos) {
        if (measuring) {
            completed.incrementAndGet();
            latencies.add(latencyNanos);
        }
    }

    /** A completion without a latency of its own (e.g. one of several frames of one request). */
    void counted(long n) {
        if (measuring) {
            completed.addAndGet(n);
        }
    }

    void failed() {
        failed.incrementAndGet();
    }

    void begin() {
        completed.set(0);
        latencies.clear();
        cpuAtStart = cpuNanos();
        startNanos = System.nanoTime();
        measuring = true;
    }

    void end() {
        measuring = false;
        endNanos = System.nanoTime();
        cpuAtEnd = cpuNanos();
    }

    /** CPU time the {@code i}-th watched process spent per second of the interval: cores busy. */
    double cores(int i) {
        return (cpuAtEnd[i] - cpuAtStart[i]) / (double) (endNanos - startNanos);
    }

    /** CPU time of the {@code i}-th watched process per completion, microseconds. */
    double cpuMicrosEach(int i) {
        return (cpuAtEnd[i] - cpuAtStart[i]) / 1e3 / Math.max(1, completed.get());
    }

    private long[] cpuNanos() {
        return watched.stream().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).toArray();
    }

    double perSecond() {
        return completed.get() / ((endNanos - startNanos) / 1e9);
    }

    long count() {
        return completed.get();
    }

    long failures() {
        return failed.get();
    }

    Latencies latencies() {
        return latencies;
    }
}
