package io.pigeonim.bench.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import io.pigeonim.bench.check.DeliveryChecker;
import io.pigeonim.bench.check.ErrorTally;
import io.pigeonim.bench.client.BenchSocket;
import io.pigeonim.bench.client.FrameSender;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;

/**
 * One device of one user, connected through the gateway, behaving as PROTOCOL.md §3 asks of a client: clientIds
 * 1, 2, 3… on its connection, a refused send not using up its clientId, every {@code message} frame reported to the
 * {@link DeliveryChecker} (which dedups by msgId), and cumulative acks of the highest seq received per conversation
 * after {@link AckPolicy#every()} messages or {@link AckPolicy#interval()}, whichever comes first, its own messages
 * pushed back to it included. A refused send is not sent again: the bench counts it, a real client would resend it.
 */
public final class Device implements BenchSocket.Frames {

    private record PendingAck(long sentNanos, Map<String, Long> seqs) {
    }

    private final String key;
    private final DeliveryChecker checker;
    private final ErrorTally errors;
    private final LoadCounters counters;
    private final AckPolicy policy;
    private volatile FrameSender socket;
    private volatile boolean closing;

    private long nextClientId = 1;
    private final NavigableMap<Long, String> inFlight = new TreeMap<>();

    private final Object acks = new Object();
    private final Map<String, Long> highest = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final ArrayDeque<PendingAck> awaitingAckOk = new ArrayDeque<>();
    private int unacked;
    private long firstUnackedNanos;

    Device(String uid, String deviceId, DeliveryChecker checker, ErrorTally errors, LoadCounters counters,
            AckPolicy policy) {
        this.key = uid + "/" + deviceId;
        this.checker = checker;
        this.errors = errors;
        this.counters = counters;
        this.policy = policy;
    }

    void attach(FrameSender socket) {
        this.socket = socket;
    }

    /** {@code uid/deviceId}: how the checker names this device. */
    public String key() {
        return key;
    }

    /** Sends a new message with the connection's next clientId; the checker must know it already. */
    public synchronized void send(String conversationId, String clientMsgId, String content) {
        long clientId = nextClientId++;
        inFlight.put(clientId, clientMsgId);
        socket.send(FrameCodec.encode(new ClientFrame.Send(clientId, clientMsgId, conversationId, "text", content)));
    }

    @Override
    public void received(ServerFrame frame, long nanos) {
        if (frame instanceof ServerFrame.MessageFrame message) {
            checker.arrived(key, message, nanos);
            noteForAck(message, nanos);
        } else if (frame instanceof ServerFrame.SendAck ack) {
            synchronized (this) {
                inFlight.remove(ack.clientId(), ack.clientMsgId());
            }
            checker.sendAcked(ack.clientMsgId(), nanos);
        } else if (frame instanceof ServerFrame.AckOk ok) {
            ackOk(ok, nanos);
        } else if (frame instanceof ServerFrame.Delivered) {
            counters.delivered.incrementAndGet();
        } else if (frame instanceof ServerFrame.Error error) {
            error(error);
        }
    }

    /**
     * A refused send leaves the server's highest clientId where it was, so every send after it on the wire is
     * refused too (OUT_OF_ORDER): all are counted refused now, and the next new send takes the refused clientId.
     * Their own error frames, which arrive before any answer to the new sends, no longer match a send in flight.
     */
    private void error(ServerFrame.Error error) {
        if (error.clientId() == null) {
            errors.count("other:" + error.code());
            return;
        }
        errors.count("send:" + error.code());
        List<String> refused = new ArrayList<>();
        synchronized (this) {
            String clientMsgId = inFlight.get(error.clientId());
            if (clientMsgId != null && clientMsgId.equals(error.clientMsgId())) {
                NavigableMap<Long, String> doomed = inFlight.tailMap(error.clientId(), true);
                refused.addAll(doomed.values());
                doomed.clear();
                nextClientId = error.clientId();
            }
        }
        if (error.clientMsgId() != null) {
            checker.refused(error.clientMsgId());
        }
        refused.forEach(checker::refused);
    }

    private void noteForAck(ServerFrame.MessageFrame message, long nanos) {
        synchronized (acks) {
            highest.merge(message.conversationId(), message.seq(), Math::max);
            dirty.add(message.conversationId());
            if (unacked++ == 0) {
                firstUnackedNanos = nanos;
            }
            if (unacked >= policy.every()) {
                flushAcks(nanos);
            }
        }
    }

    /** Sends the ack that is due by time; called by the run's ack timer. */
    void tick(long nanos) {
        synchronized (acks) {
            if (unacked > 0 && nanos - firstUnackedNanos >= policy.interval().toNanos()) {
                flushAcks(nanos);
            }
        }
    }

    private void flushAcks(long nanos) {
        if (unacked == 0 || isClosed()) {
            return;
        }
        List<AckEntry> entries = new ArrayList<>(dirty.size());
        Map<String, Long> seqs = new HashMap<>();
        for (String conversation : dirty) {
            long seq = highest.get(conversation);
            entries.add(new AckEntry(conversation, seq));
            seqs.put(conversation, seq);
        }
        dirty.clear();
        unacked = 0;
        awaitingAckOk.add(new PendingAck(nanos, seqs));
        counters.acksSent.incrementAndGet();
        socket.send(FrameCodec.encode(new ClientFrame.Ack(entries)));
    }

    /** An ack_ok answers every ack it covers (the server may merge acks that wait, PROTOCOL.md §3). */
    private void ackOk(ServerFrame.AckOk ok, long nanos) {
        counters.ackOks.incrementAndGet();
        Map<String, Long> recorded = new HashMap<>();
        for (AckEntry entry : ok.acks() == null ? List.<AckEntry>of() : ok.acks()) {
            recorded.merge(entry.conversationId(), entry.seq(), Math::max);
        }
        synchronized (acks) {
            while (!awaitingAckOk.isEmpty() && covers(recorded, awaitingAckOk.peek().seqs())) {
                counters.ackRoundTrips().record(nanos - awaitingAckOk.poll().sentNanos());
            }
        }
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

    @Override
    public void closed(int code, String reason) {
        if (closing) {
            return;
        }
        errors.count("close:" + code + (reason == null || reason.isBlank() ? "" : " " + reason));
    }

    public boolean isClosed() {
        return socket == null || socket.isClosed();
    }

    /** Closes the connection with 1000; closes from now on are the bench's own, not counted. */
    CompletableFuture<Void> close() {
        closing = true;
        return socket == null ? CompletableFuture.completedFuture(null) : socket.close();
    }
}
