package io.pigeonim.connector.uplink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.pigeonim.common.frame.ClientFrame;

/**
 * The clientId rule of PROTOCOL.md §3 for one connection, and the queue that makes its answers
 * leave in clientId order although the broker acknowledges asynchronously.
 *
 * <p>The inbound thread calls {@link #check}, then {@link #accept} or {@link #resend}; any thread
 * calls {@link #complete} and then {@link #drain}, which hands out the answers that are ready, head
 * first. A resend of a clientId still in flight waits in the queue for the original's outcome.
 *
 * @implNote The last {@code window} accepted sends are remembered in a ring indexed by clientId, so
 *     a resend can be checked against what was accepted under its clientId. An older resend is
 *     answered from the frame alone (the msgId derives from (uid, clientMsgId)): this is safe
 *     because at most {@code maxQueued} (&lt; window) answers wait in the queue, so every forgotten
 *     clientId has already been answered successfully (a failure closes the connection). The ring
 *     starts small and doubles while clientIds outgrow it, up to {@code window}: most connections send
 *     a few messages, and an idle one should not hold a 4,096-slot array.
 */
public final class SendLedger {

    /** What a {@code send} is, against the connection's highest accepted clientId. */
    public enum Kind { NEXT, RESEND, GAP, MISMATCH }

    /** The verdict on a send's clientId; {@code expected} = max + 1. */
    public record Check(Kind kind, long expected) {
    }

    private static final int INITIAL_RING = 16;

    private Accepted[] ring;
    private final int window;
    private final int maxQueued;
    // 2 slots that grow with use (the default 17 would sit in every idle connection)
    private final ArrayDeque<Accepted> queue = new ArrayDeque<>(1);
    private long max;
    private boolean failed;

    /**
     * @param window how many accepted sends are remembered
     * @param maxQueued how many answers may wait at once; must be below {@code window}
     */
    public SendLedger(int window, int maxQueued) {
        if (maxQueued < 1 || maxQueued >= window) {
            throw new IllegalArgumentException("maxQueued: " + maxQueued + " (expected: 1.." + (window - 1) + ")");
        }
        this.window = window;
        this.ring = new Accepted[Math.min(window, INITIAL_RING)];
        this.maxQueued = maxQueued;
    }

    /** Classifies a send by its clientId; changes nothing. */
    public synchronized Check check(ClientFrame.Send send) {
        long id = send.clientId();
        if (id == max + 1) {
            return new Check(Kind.NEXT, max + 1);
        }
        if (id > max + 1) {
            return new Check(Kind.GAP, max + 1);
        }
        Accepted known = remembered(id);
        if (known != null && (!known.clientMsgId().equals(send.clientMsgId())
                || !known.conversationId().equals(send.conversationId()))) {
            return new Check(Kind.MISMATCH, max + 1);
        }
        return new Check(Kind.RESEND, max + 1);
    }

    /** Whether another answer may be queued; when not, the send is refused without using its clientId. */
    public synchronized boolean hasRoom() {
        return queue.size() < maxQueued && !failed;
    }

    /** Accepts a {@link Kind#NEXT} send: it uses up its clientId and waits for {@link #complete}. */
    public synchronized Accepted accept(ClientFrame.Send send, String msgId) {
        if (send.clientId() != max + 1) {
            throw new IllegalStateException("clientId: " + send.clientId() + " (expected: " + (max + 1) + ")");
        }
        Accepted accepted = new Accepted(send.clientId(), send.clientMsgId(), send.conversationId(), msgId);
        max = send.clientId();
        if (max > ring.length && ring.length < window) {
            grow();
        }
        ring[slot(max)] = accepted;
        queue.add(accepted);
        return accepted;
    }

    /** Queues the answer to a {@link Kind#RESEND}: the same send_ack, once the original's outcome is known. */
    public synchronized void resend(ClientFrame.Send send, String msgId) {
        Accepted known = remembered(send.clientId());
        if (known == null) {
            known = new Accepted(send.clientId(), send.clientMsgId(), send.conversationId(), msgId);
            known.complete(true);
        }
        queue.add(known);
    }

    /** Records the broker's outcome of an accepted send; call {@link #drain} afterwards. */
    public void complete(Accepted accepted, boolean durable) {
        accepted.complete(durable);
    }

    /**
     * Takes the answers that are ready, in queue order, stopping at the first still in flight. A
     * failed send ends the list and the ledger: nothing after it is ever answered.
     */
    public synchronized List<Accepted> drain() {
        List<Accepted> ready = new ArrayList<>();
        while (!failed && !queue.isEmpty() && queue.peek().state() != Accepted.State.PENDING) {
            Accepted head = queue.poll();
            ready.add(head);
            if (head.state() == Accepted.State.FAILED) {
                failed = true;
                queue.clear();
            }
        }
        return ready;
    }

    /** The highest accepted clientId (0 before the first). */
    public synchronized long max() {
        return max;
    }

    /** Answers waiting for an outcome or for an earlier answer. */
    public synchronized int queued() {
        return queue.size();
    }

    private Accepted remembered(long clientId) {
        if (clientId < 1 || clientId > max || clientId <= max - ring.length) {
            return null;
        }
        Accepted a = ring[slot(clientId)];
        return a != null && a.clientId() == clientId ? a : null;
    }

    /** Doubles the ring (up to window), keeping every clientId it remembers at its new slot. */
    private void grow() {
        Accepted[] bigger = new Accepted[Math.min(window, ring.length * 2)];
        for (Accepted a : ring) {
            if (a != null) {
                bigger[(int) (a.clientId() % bigger.length)] = a;
            }
        }
        ring = bigger;
    }

    private int slot(long clientId) {
        return (int) (clientId % ring.length);
    }
}
