package io.pigeonim.bench.load;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.pigeonim.bench.stats.LatencyRecorder;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;

/**
 * What a device has and has not acknowledged: per conversation the highest seq up to which it has every message (the
 * bench's conversations are new, so a push of seq 1 needs no history), never acking past a gap (PROTOCOL.md §3), the
 * seqs it has beyond a gap and since when that gap is open. Seqs may have holes (PROTOCOL.md §2: a batch that failed
 * after its seqs were allocated leaves one), so a jump is a gap only until history or sync, which list every message
 * after a seq, show what lies below: {@link #listed} moves past the holes they show, and when an ack is due (after
 * {@link AckPolicy#every()} messages, duplicates included since they mean the server is resending, or
 * {@link AckPolicy#interval()} after the first unacknowledged one). Also times ack → the {@code ack_ok} that covers
 * it. Thread-safe.
 */
final class AckTracker {

    private record Outstanding(long sentNanos, Map<String, Long> seqs) {
    }

    private final AckPolicy policy;
    private final Map<String, Long> contiguous = new HashMap<>();
    private final Map<String, TreeSet<Long>> ahead = new HashMap<>();
    private final Map<String, Long> gapOpenSince = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final ArrayDeque<Outstanding> awaitingAckOk = new ArrayDeque<>();
    private int unacked;
    private long firstUnackedNanos;

    AckTracker(AckPolicy policy) {
        this.policy = policy;
    }

    /** Notes a pushed message; answers the ack to send now, or null. */
    synchronized ClientFrame.Ack received(String conversationId, long seq, long nanos) {
        long upTo = contiguous.getOrDefault(conversationId, 0L);
        if (seq == upTo + 1) {
            advance(conversationId, seq);
        } else if (seq > upTo) {
            // past a gap: nothing to acknowledge until the gap is filled
            ahead.computeIfAbsent(conversationId, c -> new TreeSet<>()).add(seq);
            gapOpenSince.putIfAbsent(conversationId, nanos);
            return null;
        }
        return counted(conversationId, nanos);
    }

    /**
     * Notes a message read from a listing that starts at or below what the device has (a history page from the seq
     * up to which it has everything, or a sync page from the server's cursor): every seq below it that the listing
     * did not return is a hole, so the device has everything up to it. Answers the ack to send now, or null.
     */
    synchronized ClientFrame.Ack listed(String conversationId, long seq, long nanos) {
        if (seq > contiguous.getOrDefault(conversationId, 0L)) {
            advance(conversationId, seq);
        }
        return counted(conversationId, nanos);
    }

    /** The device has everything up to {@code seq}, and what it holds beyond without a gap. */
    private void advance(String conversationId, long seq) {
        long upTo = seq;
        TreeSet<Long> beyond = ahead.get(conversationId);
        if (beyond != null) {
            beyond.headSet(upTo, true).clear();
            while (beyond.remove(upTo + 1)) {
                upTo++;
            }
        }
        contiguous.put(conversationId, upTo);
        if (beyond == null || beyond.isEmpty()) {
            ahead.remove(conversationId);
            gapOpenSince.remove(conversationId);
        }
    }

    private ClientFrame.Ack counted(String conversationId, long nanos) {
        // a duplicate too: the server is resending, so the ack it waits for is sent again
        dirty.add(conversationId);
        if (unacked++ == 0) {
            firstUnackedNanos = nanos;
        }
        return unacked >= policy.every() ? take(nanos) : null;
    }

    /** The ack due by time, or null. */
    synchronized ClientFrame.Ack due(long nanos) {
        return unacked > 0 && nanos - firstUnackedNanos >= policy.interval().toNanos() ? take(nanos) : null;
    }

    private ClientFrame.Ack take(long nanos) {
        List<AckEntry> entries = new ArrayList<>(dirty.size());
        Map<String, Long> seqs = new HashMap<>();
        for (String conversation : dirty) {
            long seq = contiguous.get(conversation);
            entries.add(new AckEntry(conversation, seq));
            seqs.put(conversation, seq);
        }
        dirty.clear();
        unacked = 0;
        if (entries.isEmpty()) {
            // only messages past a gap: nothing can be acknowledged until it is filled
            return null;
        }
        awaitingAckOk.add(new Outstanding(nanos, seqs));
        return new ClientFrame.Ack(entries);
    }

    /** An ack_ok answers every ack it covers (the server may merge acks that wait, PROTOCOL.md §3). */
    synchronized void ackOk(List<AckEntry> recordedEntries, long nanos, LatencyRecorder roundTrips) {
        Map<String, Long> recorded = new HashMap<>();
        for (AckEntry entry : recordedEntries == null ? List.<AckEntry>of() : recordedEntries) {
            recorded.merge(entry.conversationId(), entry.seq(), Math::max);
        }
        while (!awaitingAckOk.isEmpty() && covers(recorded, awaitingAckOk.peek().seqs())) {
            roundTrips.record(nanos - awaitingAckOk.poll().sentNanos());
        }
    }

    /**
     * The conversations with a gap open for at least {@code wait}, each with the seq up to which the device has every
     * message: what to fill from history.
     */
    synchronized Map<String, Long> gapsOpenFor(long nanos, Duration wait) {
        Map<String, Long> gaps = new HashMap<>();
        gapOpenSince.forEach((conversation, since) -> {
            if (nanos - since >= wait.toNanos()) {
                gaps.put(conversation, contiguous.getOrDefault(conversation, 0L));
            }
        });
        return gaps;
    }

    /** A new connection: acks sent on the old one will never be answered. */
    synchronized void reconnected() {
        awaitingAckOk.clear();
    }

    private static boolean covers(Map<String, Long> recorded, Map<String, Long> asked) {
        for (Map.Entry<String, Long> e : asked.entrySet()) {
            Long seq = recorded.get(e.getKey());
            if (seq == null || seq < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
