package io.pigeonim.bench.load;

import java.util.concurrent.atomic.AtomicLong;

import io.pigeonim.bench.stats.LatencyRecorder;

/** Counters every device of a run shares: acks, {@code delivered} frames, reconnects and syncs, ack round trips. */
public final class LoadCounters {

    final AtomicLong acksSent = new AtomicLong();
    final AtomicLong ackOks = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong syncRequests = new AtomicLong();
    final AtomicLong synced = new AtomicLong();
    final AtomicLong givenUp = new AtomicLong();
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

    /** Connections opened again after the server closed one. */
    public long reconnects() {
        return reconnects.get();
    }

    /** REST sync requests after reconnects, and the messages they returned. */
    public long syncRequests() {
        return syncRequests.get();
    }

    public long synced() {
        return synced.get();
    }

    /** Devices that could not reconnect after every attempt. */
    public long givenUp() {
        return givenUp.get();
    }
}
