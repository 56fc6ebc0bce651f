package io.pigeonim.bench.load;

import java.util.concurrent.atomic.AtomicLong;

import io.pigeonim.bench.stats.LatencyRecorder;

/** Counters every device of a run shares: acks sent and answered, {@code delivered} frames, ack round trips. */
public final class LoadCounters {

    final AtomicLong acksSent = new AtomicLong();
    final AtomicLong ackOks = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    private volatile LatencyRecorder ackRoundTrips = new LatencyRecorder();

    /** Starts a new recorder of ack → ack_ok round trips (one per step) and answers it. */
    public LatencyRecorder restartAckRoundTrips() {
        LatencyRecorder fresh = new LatencyRecorder();
        ackRoundTrips = fresh;
        return fresh;
    }

    LatencyRecorder ackRoundTrips() {
        return ackRoundTrips;
    }

    public long acksSent() {
        return acksSent.get();
    }

    public long ackOks() {
        return ackOks.get();
    }

    public long delivered() {
        return delivered.get();
    }
}
