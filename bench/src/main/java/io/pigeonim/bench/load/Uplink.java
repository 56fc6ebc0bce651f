package io.pigeonim.bench.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.pigeonim.testsupport.FrameSender;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;

/**
 * A device's sends as PROTOCOL.md §3 wants them: clientIds 1, 2, 3… on each connection; a refused send does not use
 * up its clientId; after a reconnect every send still without an answer goes again under its clientMsgId, with the
 * new connection's clientIds. Sends made while disconnected wait for the next connection. Not thread-safe: the
 * {@link Device} holds its lock around every call.
 */
final class Uplink {

    /** A send and what it needs to go again. */
    record Pending(String clientMsgId, String conversationId, String content) {
    }

    private final NavigableMap<Long, Pending> inFlight = new TreeMap<>();
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private FrameSender socket;
    private long nextClientId = 1;

    void send(Pending send) {
        if (socket == null) {
            waiting.add(send);
            return;
        }
        long clientId = nextClientId++;
        inFlight.put(clientId, send);
        socket.send(FrameCodec.encode(new ClientFrame.Send(clientId, send.clientMsgId(), send.conversationId(),
                "text", send.content())));
    }

    void answered(ServerFrame.SendAck ack) {
        Pending p = inFlight.get(ack.clientId());
        if (p != null && p.clientMsgId().equals(ack.clientMsgId())) {
            inFlight.remove(ack.clientId());
        }
    }

    /**
     * A refused send leaves the server's highest clientId where it was, so every send after it on the wire is
     * refused too (OUT_OF_ORDER): all of them are answered here, and the next send takes the refused clientId.
     * Their own error frames, which arrive before any answer to the new sends, no longer match a send in flight
     * (same clientId, other clientMsgId) and change nothing.
     *
     * @return the clientMsgIds refused by this error, in clientId order
     */
    List<String> refused(ServerFrame.Error error) {
        Pending p = inFlight.get(error.clientId());
        if (p == null || !p.clientMsgId().equals(error.clientMsgId())) {
            return List.of();
        }
        NavigableMap<Long, Pending> doomed = inFlight.tailMap(error.clientId(), true);
        List<String> refused = doomed.values().stream().map(Pending::clientMsgId).toList();
        doomed.clear();
        nextClientId = error.clientId();
        return refused;
    }

    /** The connection is gone: what it had in flight waits, first, for the next one. */
    void disconnected() {
        List<Pending> unanswered = new ArrayList<>(inFlight.values());
        inFlight.clear();
        for (int i = unanswered.size() - 1; i >= 0; i--) {
            waiting.addFirst(unanswered.get(i));
        }
        socket = null;
    }

    /** A new connection: clientIds start again at 1, and the waiting sends go first. */
    void connected(FrameSender newSocket) {
        socket = newSocket;
        nextClientId = 1;
        while (!waiting.isEmpty()) {
            send(waiting.poll());
        }
    }
}
