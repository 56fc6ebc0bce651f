package io.pigeonim.client;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.pigeonim.client.store.ClientStore;
import io.pigeonim.client.store.StoredSend;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ServerFrame;

/**
 * The waiting-ack queue of PROTOCOL.md §3: numbers sends with the connection's clientIds, resends on timeout
 * and from {@code expectedClientId} on {@code OUT_OF_ORDER}, resends everything unconfirmed in order on a new
 * connection, and reports each message's state. Loop thread only.
 *
 * @implNote A message that came back pushed (so it is stored) but whose send_ack is still due stays in the
 *     in-flight list until the send_ack or the connection's end: dropping it early would leave a hole in the
 *     clientIds, and a stale {@code OUT_OF_ORDER} could then renumber a later message onto a clientId the
 *     server already accepted (answered {@code BAD_FRAME}). Renumbering happens only after a permanent refusal,
 *     whose clientId the server left unused.
 */
final class Outbox {

    /** Where frames go: the current connection. */
    interface Wire {
        void send(ClientFrame frame);
    }

    private final ClientOptions options;
    private final Clock clock;
    private final ClientStore store;
    private final Consumer<SendUpdate> updates;
    private final DeliveryTracker delivery;
    private final Runnable renumberByReconnecting;
    private final LinkedHashMap<String, OutgoingSend> queue = new LinkedHashMap<>();
    private final ArrayDeque<OutgoingSend> waiting = new ArrayDeque<>();
    private final List<OutgoingSend> inFlight = new ArrayList<>();
    private Wire wire;
    private long nextClientId = 1;
    private long holdUntilMillis;
    private long resendFromLater;
    private long lastResendFrom;
    private long lastResendMillis;

    Outbox(ClientOptions options, Clock clock, ClientStore store, Consumer<SendUpdate> updates,
            DeliveryTracker delivery, Runnable renumberByReconnecting) {
        this.options = options;
        this.clock = clock;
        this.store = store;
        this.updates = updates;
        this.delivery = delivery;
        this.renumberByReconnecting = renumberByReconnecting;
    }

    /** Sends stored before a restart: they may have been on the wire, so they count as transmitted. */
    void restore(List<StoredSend> sends) {
        for (StoredSend s : sends) {
            OutgoingSend e = new OutgoingSend(s.message(), s.createdAtMillis());
            e.transmitted = true;
            queue.put(s.message().clientMsgId(), e);
            waiting.add(e);
        }
    }

    CompletableFuture<SendResult> submit(OutgoingMessage message) {
        OutgoingSend known = queue.get(message.clientMsgId());
        if (known != null) {
            return known.future;
        }
        OutgoingSend e = new OutgoingSend(message, clock.millis());
        store.sendAdded(new StoredSend(message, e.createdAtMillis));
        queue.put(message.clientMsgId(), e);
        waiting.add(e);
        update(e, MessageState.SENDING, null);
        pump();
        return e.future;
    }

    /** A new connection answered its first ping: clientIds start at 1, unconfirmed sends go out in order. */
    void connected(Wire to) {
        this.wire = to;
        nextClientId = 1;
        inFlight.clear();
        waiting.clear();
        for (OutgoingSend e : queue.values()) {
            e.clientId = 0;
            waiting.add(e);
        }
        holdUntilMillis = 0;
        resendFromLater = 0;
        lastResendFrom = 0;
        pump();
    }

    /** The connection ended: messages known to be stored are done, the rest wait for the next one. */
    void disconnected() {
        wire = null;
        inFlight.clear();
        queue.values().removeIf(e -> {
            e.clientId = 0;
            if (e.stored) {
                store.sendRemoved(e.message.clientMsgId());
            }
            return e.stored;
        });
    }

    int unconfirmed() {
        return queue.size();
    }

    void onSendAck(ServerFrame.SendAck ack) {
        OutgoingSend e = queue.get(ack.clientMsgId());
        if (e == null) {
            return;
        }
        confirm(e, ack.msgId());
        finish(e);
        pump();
    }

    /** The device's own message came back pushed: it is stored, whatever happened to its send_ack. */
    void onOwnEcho(ServerFrame.MessageFrame m) {
        OutgoingSend e = queue.get(m.clientMsgId());
        if (e != null) {
            confirm(e, m.msgId());
            if (e.clientId == 0) {
                finish(e);
            }
        }
        delivery.echoed(m);
    }

    /** An {@code error} about one of our sends; stale ones (about an earlier numbering) are ignored. */
    void onError(ServerFrame.Error error) {
        OutgoingSend e = error.clientMsgId() == null ? null : queue.get(error.clientMsgId());
        if (e == null || error.clientId() == null || e.clientId != error.clientId() || e.stored) {
            return;
        }
        switch (error.code()) {
            case OUT_OF_ORDER -> resendFrom(error.expectedClientId() == null ? e.clientId : error.expectedClientId());
            case RATE_LIMITED, UNAVAILABLE, INTERNAL -> {
                holdUntilMillis = clock.millis() + options.sendAckTimeout().toMillis() / 5;
                resendFrom(e.clientId);
            }
            case FORBIDDEN, NOT_FOUND, TOO_LARGE -> refused(e, error);
            // our validation matches the server's, so BAD_FRAME means our numbering and its differ: start afresh
            default -> renumberByReconnecting.run();
        }
    }

    /** Timers: resends without an answer, held resends, and deadlines. */
    void tick() {
        long now = clock.millis();
        if (wire != null && now >= holdUntilMillis) {
            if (resendFromLater > 0) {
                long from = resendFromLater;
                resendFromLater = 0;
                resendFrom(from);
            }
            for (OutgoingSend e : inFlight) {
                if (!e.stored && now - e.sentAtMillis >= options.sendAckTimeout().toMillis()) {
                    transmit(e);
                }
            }
        }
        long deadline = clock.millis() - options.sendDeadline().toMillis();
        for (Iterator<OutgoingSend> it = queue.values().iterator(); it.hasNext(); ) {
            OutgoingSend e = it.next();
            if (e.createdAtMillis > deadline) {
                break;
            }
            if (e.stored || e.overdue) {
                continue;
            }
            if (!e.transmitted) {
                it.remove();
                waiting.remove(e);
                fail(e, "DEADLINE", "not sent within " + options.sendDeadline() + " (no connection)");
            } else {
                e.overdue = true;
                update(e, MessageState.UNCONFIRMED, "no answer within " + options.sendDeadline() + "; still resending");
            }
        }
    }

    /** The client closes: futures end, the messages stay in the store and go out on the next start. */
    void close() {
        for (OutgoingSend e : queue.values()) {
            e.future.completeExceptionally(new IllegalStateException(e.message.clientMsgId()
                    + ": the client closed before the server confirmed it; it stays queued in the store"));
        }
    }

    private void pump() {
        while (wire != null && inFlight.size() < options.maxSendsInFlight() && !waiting.isEmpty()) {
            OutgoingSend e = waiting.poll();
            e.clientId = nextClientId++;
            inFlight.add(e);
            transmit(e);
        }
    }

    private void transmit(OutgoingSend e) {
        e.sentAtMillis = clock.millis();
        e.transmitted = true;
        wire.send(e.message.frame(e.clientId));
    }

    /**
     * Everything on the wire from {@code clientId} on, in order; repeated answers within a moment coalesce, and
     * while the server asked us to hold back (rate limited, unavailable) the resend waits for the tick after it.
     */
    private void resendFrom(long clientId) {
        long now = clock.millis();
        if (now < holdUntilMillis) {
            resendFromLater = resendFromLater == 0 ? clientId : Math.min(resendFromLater, clientId);
            return;
        }
        if (clientId >= lastResendFrom && lastResendFrom > 0
                && now - lastResendMillis < options.sendAckTimeout().toMillis() / 10) {
            return;
        }
        lastResendFrom = clientId;
        lastResendMillis = now;
        for (OutgoingSend e : inFlight) {
            if (e.clientId >= clientId) {
                transmit(e);
            }
        }
    }

    /** Refused for good: its clientId stays unused, so every later one moves down by one and goes out again. */
    private void refused(OutgoingSend e, ServerFrame.Error error) {
        int at = inFlight.indexOf(e);
        inFlight.remove(at);
        queue.remove(e.message.clientMsgId());
        fail(e, error.code().name(), error.message());
        for (int i = at; i < inFlight.size(); i++) {
            inFlight.get(i).clientId--;
        }
        nextClientId--;
        for (int i = at; i < inFlight.size(); i++) {
            transmit(inFlight.get(i));
        }
        pump();
    }

    private void confirm(OutgoingSend e, String msgId) {
        if (e.stored) {
            return;
        }
        e.stored = true;
        e.msgId = msgId;
        SendResult result = new SendResult(e.message.clientMsgId(), e.message.conversationId(), msgId);
        update(e, MessageState.SENT, null);
        delivery.sent(e.message.conversationId(), e.message.clientMsgId(), msgId);
        e.future.complete(result);
    }

    private void finish(OutgoingSend e) {
        inFlight.remove(e);
        waiting.remove(e);
        queue.remove(e.message.clientMsgId());
        store.sendRemoved(e.message.clientMsgId());
    }

    private void fail(OutgoingSend e, String code, String reason) {
        store.sendRemoved(e.message.clientMsgId());
        update(e, MessageState.FAILED, code + ": " + reason);
        e.future.completeExceptionally(new SendFailedException(e.message.clientMsgId(), code, reason));
    }

    private void update(OutgoingSend e, MessageState state, String reason) {
        updates.accept(new SendUpdate(e.message.clientMsgId(), e.message.conversationId(), state, e.msgId, null, reason));
    }

    /** One send and its progress. */
    private static final class OutgoingSend {
        final OutgoingMessage message;
        final long createdAtMillis;
        final CompletableFuture<SendResult> future = new CompletableFuture<>();
        long clientId;
        long sentAtMillis;
        boolean transmitted;
        boolean stored;
        boolean overdue;
        String msgId;

        OutgoingSend(OutgoingMessage message, long createdAtMillis) {
            this.message = message;
            this.createdAtMillis = createdAtMillis;
        }
    }
}
