package io.pigeonim.connector.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.pigeonim.common.frame.ServerFrame;

/**
 * The {@code message} frames pushed on one connection and not yet acknowledged, bounded by
 * {@code limit}.
 *
 * @implNote When a push finds the window full, the window is suspended: every further
 *     {@code message} push is dropped until the device acknowledges something. The device sees the
 *     seq jump and fills the gap from history, so nothing is lost, and a device that stopped
 *     acknowledging cannot make the connector's memory grow. Queueing the overflow was rejected: it
 *     is exactly the unbounded memory this avoids.
 */
public final class DeliveryWindow {

    private final int limit;
    private final Map<String, NavigableMap<Long, InFlight>> byConversation = new HashMap<>();
    private int size;
    private boolean suspended;
    private long timerDueAtMillis = Long.MAX_VALUE;

    public DeliveryWindow(int limit) {
        this.limit = limit;
    }

    /** Tracks a pushed frame; false (and nothing tracked) when the window is full or suspended. */
    public synchronized boolean track(ServerFrame.MessageFrame frame, long dueAtMillis) {
        NavigableMap<Long, InFlight> conversation = byConversation.get(frame.conversationId());
        if (conversation != null && conversation.containsKey(frame.seq())) {
            return true;
        }
        if (suspended || size >= limit) {
            suspended = true;
            return false;
        }
        byConversation.computeIfAbsent(frame.conversationId(), c -> new TreeMap<>())
                .put(frame.seq(), new InFlight(frame, dueAtMillis));
        size++;
        return true;
    }

    /** Forgets every frame of the conversation up to {@code seq}; lifts a suspension. Returns how many. */
    public synchronized int acked(String conversationId, long seq) {
        suspended = false;
        NavigableMap<Long, InFlight> conversation = byConversation.get(conversationId);
        if (conversation == null) {
            return 0;
        }
        NavigableMap<Long, InFlight> covered = conversation.headMap(seq, true);
        int removed = covered.size();
        covered.clear();
        if (conversation.isEmpty()) {
            byConversation.remove(conversationId);
        }
        size -= removed;
        return removed;
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

    public synchronized boolean suspended() {
        return suspended;
    }

    public synchronized void clear() {
        byConversation.clear();
        size = 0;
    }
}
