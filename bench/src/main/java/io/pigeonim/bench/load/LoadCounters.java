package io.pigeonim.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;
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
    final AtomicLong gapFillRequests = new AtomicLong();
    final AtomicLong gapFilled = new AtomicLong();
    final AtomicLong gapFillFailures = new AtomicLong();
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

    /** Every counter under the name the report gives it, in a fixed order. */
    public Map<String, Long> totals() {
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("ack frames sent", acksSent.get());
        totals.put("ack_ok frames", ackOks.get());
        totals.put("delivered frames", delivered.get());
        totals.put("reconnects (after the server closed a connection)", reconnects.get());
        totals.put("sync requests after reconnects", syncRequests.get());
        totals.put("messages read through sync", synced.get());
        totals.put("history requests filling a gap", gapFillRequests.get());
        totals.put("messages read from history to fill a gap (first arrivals or not)", gapFilled.get());
        totals.put("gap fills that failed (tried again)", gapFillFailures.get());
        totals.put("devices or syncs given up after 10 attempts", givenUp.get());
        return totals;
    }
}
