package io.pigeonim.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.pigeonim.bench.check.DeliveryChecker;
import io.pigeonim.bench.check.ErrorTally;
import io.pigeonim.testsupport.LoadSocket;
import io.pigeonim.testsupport.FrameSender;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;

/**
 * One device of one user, connected through the gateway, behaving as PROTOCOL.md §3 asks of a client: sends
 * through its {@link Uplink} (a refused send is counted, not sent again), every {@code message} frame reported to
 * the {@link DeliveryChecker} (which dedups by msgId) and acknowledged cumulatively through its {@link AckTracker},
 * its own messages pushed back to it included. When the server closes the connection, the device is handed to
 * its scenario's reconnect (which resends what had no answer and syncs); closes the bench makes are not counted.
 */
public final class Device implements LoadSocket.Frames {

    /**
     * How long a seq jump may stay open before the device fills it from history. The server's first pushes come in
     * seq order (PROTOCOL.md §3), so a jump is a real gap; the wait only lets a filling resend or sync land first.
     */
    static final Duration GAP_WAIT = Duration.ofMillis(200);

    private final String key;
    private final String token;
    private final DeliveryChecker checker;
    private final ErrorTally errors;
    private final LoadCounters counters;
    private final AckTracker acks;
    private final Uplink uplink = new Uplink();
    private final Consumer<Device> lost;
    private final BiConsumer<Device, Map<String, Long>> gaps;
    private final Set<String> filling = ConcurrentHashMap.newKeySet();
    private volatile FrameSender socket;
    private volatile boolean closing;

    /**
     * @param lost what to do when the server closes this device's connection (reconnect)
     * @param gaps fills, from history, the conversations with a gap open for {@link #GAP_WAIT} (conversation → the seq
     *     up to which the device has everything); calls {@link #gapFilled} for each message and {@link #fillDone}
     */
    Device(String uid, String deviceId, String token, DeliveryChecker checker, ErrorTally errors,
            LoadCounters counters, AckPolicy policy, Consumer<Device> lost, BiConsumer<Device, Map<String, Long>> gaps) {
        this.key = uid + "/" + deviceId;
        this.token = token;
        this.checker = checker;
        this.errors = errors;
        this.counters = counters;
        this.acks = new AckTracker(policy);
        this.lost = lost;
        this.gaps = gaps;
    }

    /** A connection answered its first pong: sends go there, those that waited first. */
    void attach(FrameSender newSocket) {
        acks.reconnected();
        synchronized (this) {
            socket = newSocket;
            uplink.connected(newSocket);
        }
    }

    /** {@code uid/deviceId}: how the checker names this device. */
    public String key() {
        return key;
    }

    String token() {
        return token;
    }

    /** Sends a new message (the checker must know it already); while disconnected it waits for the next connection. */
    public synchronized void send(String conversationId, String clientMsgId, String content) {
        uplink.send(new Uplink.Pending(clientMsgId, conversationId, content));
    }

    @Override
    public void received(ServerFrame frame, long nanos) {
        if (frame instanceof ServerFrame.MessageFrame message) {
            checker.arrived(key, message, nanos);
            sendAck(acks.received(message.conversationId(), message.seq(), nanos));
        } else if (frame instanceof ServerFrame.SendAck ack) {
            synchronized (this) {
                uplink.answered(ack);
            }
            checker.sendAcked(ack.clientMsgId(), nanos);
        } else if (frame instanceof ServerFrame.AckOk ok) {
            counters.ackOks.incrementAndGet();
            acks.ackOk(ok.acks(), nanos, counters.ackRoundTrips());
        } else if (frame instanceof ServerFrame.Delivered) {
            counters.delivered.incrementAndGet();
        } else if (frame instanceof ServerFrame.Error error) {
            error(error);
        }
    }

    /**
     * A message read from history to fill a gap: reported like a synced one, and acknowledged like a pushed one; the
     * seqs below it that history did not list are holes (PROTOCOL.md §2), not a gap.
     */
    void gapFilled(ServerFrame.MessageFrame message, long nanos) {
        checker.arrivedBySync(key, message, nanos);
        sendAck(acks.listed(message.conversationId(), message.seq(), nanos));
    }

    /** The fill of {@code conversationId} is over (whatever it found): a gap still open is filled again later. */
    void fillDone(String conversationId) {
        filling.remove(conversationId);
    }

    /** A message that came through sync (after a reconnect): the sync's own ack moved the cursor. */
    void synced(ServerFrame.MessageFrame message, long nanos) {
        checker.arrivedBySync(key, message, nanos);
        acks.listed(message.conversationId(), message.seq(), nanos);
    }

    private void error(ServerFrame.Error error) {
        if (error.clientId() == null) {
            errors.count("other:" + error.code());
            return;
        }
        errors.count("send:" + error.code());
        List<String> refused;
        synchronized (this) {
            refused = uplink.refused(error);
        }
        if (error.clientMsgId() != null) {
            checker.refused(error.clientMsgId());
        }
        refused.forEach(checker::refused);
    }

    /** Sends the ack that is due by time; called by the scenario's ack timer. */
    void tick(long nanos) {
        sendAck(acks.due(nanos));
        Map<String, Long> open = acks.gapsOpenFor(nanos, GAP_WAIT);
        open.keySet().removeIf(conversation -> !filling.add(conversation));
        if (!open.isEmpty()) {
            gaps.accept(this, open);
        }
    }

    private void sendAck(ClientFrame.Ack ack) {
        FrameSender s = socket;
        if (ack != null && s != null && !s.isClosed()) {
            counters.acksSent.incrementAndGet();
            s.send(FrameCodec.encode(ack));
        }
    }

    @Override
    public void closed(int code, String reason) {
        synchronized (this) {
            if (closing || socket == null) {
                // the bench's own close, or a reconnect attempt that failed (the reconnect retries it)
                return;
            }
            socket = null;
            uplink.disconnected();
        }
        errors.count("close:" + code + (reason == null || reason.isBlank() ? "" : " " + reason));
        lost.accept(this);
    }

    boolean isClosing() {
        return closing;
    }

    /** Closes the connection with 1000; closes from now on are the bench's own, not counted. */
    CompletableFuture<Void> close() {
        closing = true;
        FrameSender s = socket;
        return s == null ? CompletableFuture.completedFuture(null) : s.close();
    }
}
