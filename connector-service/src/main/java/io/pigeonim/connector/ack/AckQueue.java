package io.pigeonim.connector.ack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pigeonim.common.frame.AckEntry;

/**
 * A connection's {@code ack} frames that wait to be recorded while an earlier recording is under way: at most one
 * recording per connection at a time, so cursors and {@code ack_ok} answers of one device follow each other.
 *
 * <p>Acks are cumulative, so the waiting ones are merged (the highest seq per conversation wins) instead of
 * queued one per frame: however fast a device acknowledges, it has at most one merged request and a few separate
 * ones waiting, and none is refused for its rate (PROTOCOL.md §3).
 *
 * @implNote Only a frame the connection {@linkplain AckedFrames#read vouches for} (every entry at or below a
 *     seq pushed to it) is merged: it cannot be refused, so merging never lets one bad entry refuse another
 *     frame's good ones (one bad entry refuses its own frame only). Other frames (acks of messages read
 *     through sync or history) are recorded as requests of their own, up to {@value #SEPARATE_LIMIT} waiting;
 *     past that they are merged too: a device that floods unvouched acks may then see one bad entry refuse the
 *     acks merged with it, which the next cumulative ack repairs. Rejected: a queue of frames with a bound and
 *     RATE_LIMITED past it (what a device acking every 100 ms met under load, and the protocol forbids), and
 *     merging everything (a bad entry would poison good acks).
 */
public final class AckQueue {

    /** Unvouched frames waiting as requests of their own before they are merged too. */
    static final int SEPARATE_LIMIT = 16;

    private final Map<String, Long> merged = new LinkedHashMap<>();
    // 2 slots that grow with use (the default 17 would sit in every idle connection)
    private final ArrayDeque<List<AckEntry>> separate = new ArrayDeque<>(1);
    private boolean recording;

    /**
     * Adds one frame's acks. True when no recording was under way: the caller starts one with {@link #take}
     * (and calls {@link #take} again each time a recording ends, until it answers nothing).
     */
    public synchronized boolean offer(List<AckEntry> acks, boolean vouched) {
        if (vouched || separate.size() >= SEPARATE_LIMIT) {
            acks.forEach(a -> merged.merge(a.conversationId(), a.seq(), Math::max));
        } else {
            separate.add(List.copyOf(acks));
        }
        if (recording) {
            return false;
        }
        recording = true;
        return true;
    }

    /**
     * The requests to record next, in one go: the merged one first, then the separate ones in arrival order.
     * Empty when nothing waits; the queue is then idle, and the next {@link #offer} answers true.
     */
    public synchronized List<List<AckEntry>> take() {
        List<List<AckEntry>> requests = new ArrayList<>(separate.size() + 1);
        if (!merged.isEmpty()) {
            List<AckEntry> one = new ArrayList<>(merged.size());
            merged.forEach((conversationId, seq) -> one.add(new AckEntry(conversationId, seq)));
            requests.add(one);
            merged.clear();
        }
        requests.addAll(separate);
        separate.clear();
        recording = !requests.isEmpty();
        return requests;
    }

    /** Forgets what waits (the connection closed); a recording under way still ends with {@link #take}. */
    public synchronized void clear() {
        merged.clear();
        separate.clear();
    }
}
