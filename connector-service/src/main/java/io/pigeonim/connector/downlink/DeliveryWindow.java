package io.pigeonim.connector.downlink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ServerFrame;

/**
 * The {@code message} frames pushed on one connection and not yet acknowledged, bounded by
 * {@code limit}, and behind them the pushes that wait for room, bounded by {@code waitLimit}.
 *
 * <p>A push that finds the window full waits (in push order) and is written once acknowledgements make
 * room ({@link #release}); a push that finds the waiting line full too is refused, and the connection is
 * then told to sync: it is closed with 1013, and the client syncs on reconnecting (PROTOCOL.md §3-4). So
 * a device that stops acknowledging costs at most {@code limit + waitLimit} frames, and no message is
 * silently dropped: from the first overflow on, nothing more is pushed or released on this connection (its acks may
 * still make room before the close is out), so the device never sees a seq past one it was not sent and its
 * cumulative ack cannot pass the lost message; it gets everything through sync.
 *
 * <p>It also measures how long the device takes to acknowledge ({@link AckRoundTrip}), so that a connection whose
 * acks are slow but arrive is not resent to as if its frames were lost (ADR 0022).
 */
public final class DeliveryWindow {

    /** What becomes of a pushed frame. */
    public enum Admission {
        /** tracked (or already tracked): write it now */
        SEND,
        /** the window is full: it waits for room, written by whoever calls {@link #release} */
        WAIT,
        /** the window and the waiting line are full: nothing tracked, the connection must sync */
        OVERFLOW,
        /**
         * not written: a later seq of its conversation was pushed to this connection first (its push request was
         * overtaken, e.g. answered too late and retried, or a batch pushed again). First pushes stay in seq order
         * (PROTOCOL.md §3); the device has it already or fills the gap it saw from history
         */
        LATE
    }

    private final int limit;
    private final int waitLimit;
    private final Map<String, NavigableMap<Long, InFlight>> byConversation = new HashMap<>();
    // 2 slots that grow with use (the default 17 would sit in every idle connection)
    private final ArrayDeque<ServerFrame.MessageFrame> waiting = new ArrayDeque<>(1);
    /** The highest seq ever pushed to this connection per conversation: what an ack can be vouched by. */
    private final Map<String, Long> highestPushed = new HashMap<>();
    private int size;
    /** Once a push overflowed, nothing more is pushed: a later push would show the device a seq past the lost one. */
    private boolean overflowed;
    private long timerDueAtMillis = Long.MAX_VALUE;
    private final AckRoundTrip roundTrip = new AckRoundTrip();

    public DeliveryWindow(int limit, int waitLimit) {
        this.limit = limit;
        this.waitLimit = waitLimit;
    }

    /**
     * Admits a pushed frame: into the window when it has room and nothing waits, else into the waiting line.
     *
     * @param nowMillis when it is written (if it is): the start of its ack round trip
     * @param dueAtMillis when it is first sent again unless acknowledged
     */
    public synchronized Admission admit(ServerFrame.MessageFrame frame, long nowMillis, long dueAtMillis) {
        if (overflowed) {
            return Admission.OVERFLOW;
        }
        NavigableMap<Long, InFlight> conversation = byConversation.get(frame.conversationId());
        if (conversation != null && conversation.containsKey(frame.seq())) {
            return Admission.SEND;
        }
        Long highest = highestPushed.get(frame.conversationId());
        if (highest != null && frame.seq() <= highest) {
            return Admission.LATE;
        }
        if (waiting.isEmpty() && size < limit || waiting.size() < waitLimit) {
            highestPushed.merge(frame.conversationId(), frame.seq(), Math::max);
        }
        if (waiting.isEmpty() && size < limit) {
            put(frame, nowMillis, dueAtMillis);
            return Admission.SEND;
        }
        if (waiting.size() < waitLimit) {
            waiting.add(frame);
            return Admission.WAIT;
        }
        overflowed = true;
        return Admission.OVERFLOW;
    }

    /** Moves waiting frames into the window while it has room; the caller writes them, in this order. */
    public synchronized List<ServerFrame.MessageFrame> release(long nowMillis, long dueAtMillis) {
        List<ServerFrame.MessageFrame> released = new ArrayList<>();
        if (overflowed) {
            return released;
        }
        while (size < limit && !waiting.isEmpty()) {
            ServerFrame.MessageFrame next = waiting.poll();
            put(next, nowMillis, dueAtMillis);
            released.add(next);
        }
        return released;
    }

    private void put(ServerFrame.MessageFrame frame, long nowMillis, long dueAtMillis) {
        InFlight previous = byConversation.computeIfAbsent(frame.conversationId(), c -> new TreeMap<>())
                .put(frame.seq(), new InFlight(frame, nowMillis, dueAtMillis));
        if (previous == null) {
            size++;
        }
    }

    /** Frames waiting for room. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /**
     * Forgets every frame of the conversation up to {@code seq}, waiting ones included (the device may
     * have them from sync), and samples the ack round trip from the oldest of them never resent. Returns how many
     * left the window.
     */
    public synchronized int acked(String conversationId, long seq, long nowMillis) {
        waiting.removeIf(f -> f.conversationId().equals(conversationId) && f.seq() <= seq);
        NavigableMap<Long, InFlight> conversation = byConversation.get(conversationId);
        if (conversation == null) {
            return 0;
        }
        NavigableMap<Long, InFlight> covered = conversation.headMap(seq, true);
        int removed = covered.size();
        long oldestPush = Long.MAX_VALUE;
        for (InFlight f : covered.values()) {
            if (f.retransmits() == 0) {
                oldestPush = Math.min(oldestPush, f.pushedAtMillis());
            }
        }
        if (oldestPush != Long.MAX_VALUE) {
            roundTrip.sample(nowMillis - oldestPush);
        }
        covered.clear();
        if (conversation.isEmpty()) {
            byConversation.remove(conversationId);
        }
        size -= removed;
        return removed;
    }

    /** What an ack did to the window: whether its entries were vouched for, how many frames left the window. */
    public record Read(boolean vouched, int freed) {
    }

    /**
     * An ack read from the device, all its entries at once (one lock): whether they are vouched for
     * ({@link #vouches}), then each one {@link #acked}.
     */
    public synchronized Read read(List<AckEntry> acks, long nowMillis) {
        boolean vouched = vouches(acks);
        int freed = 0;
        for (AckEntry ack : acks) {
            freed += acked(ack.conversationId(), ack.seq(), nowMillis);
        }
        return new Read(vouched, freed);
    }

    /**
     * True when every entry acknowledges no more than this connection was pushed in its conversation: such an
     * ack is valid (the message is stored and the user was a member when it was pushed), so it may be merged
     * with others without one bad entry refusing them all.
     */
    public synchronized boolean vouches(List<AckEntry> acks) {
        for (AckEntry ack : acks) {
            Long highest = highestPushed.get(ack.conversationId());
            if (highest == null || ack.seq() > highest) {
                return false;
            }
        }
        return true;
    }

    /** SRTT + 4 RTTVAR of this connection's acks (0 before the first): see {@link AckRoundTrip}. */
    public synchronized long ackTimeoutMillis() {
        return roundTrip.timeoutMillis();
    }

    /** The smoothed ack round trip, or -1 before the first ack that covered a frame never resent. */
    public synchronized long smoothedRoundTripMillis() {
        return roundTrip.smoothedMillis();
    }

    /** The frames due at {@code nowMillis}, in conversation then seq order. */
    public synchronized List<InFlight> due(long nowMillis) {
        List<InFlight> due = new ArrayList<>();
        for (NavigableMap<Long, InFlight> conversation : byConversation.values()) {
            for (InFlight f : conversation.values()) {
                if (f.dueAtMillis() <= nowMillis) {
                    due.add(f);
                }
            }
        }
        return due;
    }

    /** Marks a frame as sent again, due next at {@code nextDueAtMillis}. */
    public synchronized void retransmitted(InFlight f, long nextDueAtMillis) {
        f.retransmitted(nextDueAtMillis);
    }

    /** Stops tracking a frame (retransmissions exhausted). */
    public synchronized void forget(InFlight f) {
        NavigableMap<Long, InFlight> conversation = byConversation.get(f.frame().conversationId());
        if (conversation != null && conversation.remove(f.frame().seq(), f)) {
            size--;
            if (conversation.isEmpty()) {
                byConversation.remove(f.frame().conversationId());
            }
        }
    }

    /** The earliest due time, or -1 when nothing is tracked. */
    public synchronized long nextDueAtMillis() {
        long next = -1;
        for (NavigableMap<Long, InFlight> conversation : byConversation.values()) {
            for (Iterator<InFlight> it = conversation.values().iterator(); it.hasNext(); ) {
                long due = it.next().dueAtMillis();
                if (next < 0 || due < next) {
                    next = due;
                }
            }
        }
        return next;
    }

    /**
     * Arms the connection's retransmission timer for {@code dueAtMillis}; false when it is already
     * armed for that time or earlier, so a connection normally holds one timer, whatever it tracks.
     */
    public synchronized boolean armTimer(long dueAtMillis) {
        if (timerDueAtMillis <= dueAtMillis) {
            return false;
        }
        timerDueAtMillis = dueAtMillis;
        return true;
    }

    /** The timer fired; the next {@link #armTimer} arms it again. */
    public synchronized void timerFired() {
        timerDueAtMillis = Long.MAX_VALUE;
    }

    public synchronized int size() {
        return size;
    }

    public synchronized void clear() {
        byConversation.clear();
        waiting.clear();
        highestPushed.clear();
        size = 0;
    }
}
