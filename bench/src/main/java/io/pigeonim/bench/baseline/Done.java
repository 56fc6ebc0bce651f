package io.pigeonim.bench.baseline;

import java.util.concurrent.atomic.AtomicBoolean;

import io.pigeonim.bench.stats.LatencyRecorder;

/** The completion of one baseline operation, timed from its intended start; the first call counts, later ones not. */
public final class Done {

    private final long intendedNanos;
    private final boolean measured;
    private final LatencyRecorder latencies;
    private final BaselineRunner.Counts counts;
    private final AtomicBoolean finished = new AtomicBoolean();

    Done(long intendedNanos, boolean measured, LatencyRecorder latencies, BaselineRunner.Counts counts) {
        this.intendedNanos = intendedNanos;
        this.measured = measured;
        this.latencies = latencies;
        this.counts = counts;
    }

    public void ok(long nanos) {
        if (finished.compareAndSet(false, true)) {
            counts.completed.incrementAndGet();
            if (measured) {
                latencies.record(nanos - intendedNanos);
            }
        }
    }

    public void failed(Throwable why) {
        if (finished.compareAndSet(false, true)) {
            counts.failed(why);
        }
    }
}
