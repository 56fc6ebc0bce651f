package io.pigeonim.connector.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;

import io.pigeonim.testsupport.TestSocket;

/**
 * A device that sends like PROTOCOL.md's reliable client: it pipelines its sends into one conversation
 * and, on every new connection, resends each send that has no {@code send_ack} yet under the same
 * clientMsgId, in the original order, with clientIds from 1 again. It records what the server answered.
 */
final class ReliableDevice {

    /** Told after each {@code send_ack}. */
    interface AckListener {
        /**
         * @param acknowledged sends acknowledged so far, on every connection
         * @param unanswered sends of this connection that have no answer yet
         */
        void acknowledged(int acknowledged, int unanswered);
    }

    /** A connection that hears nothing for this long while sends wait for answers fails the test. */
    private static final Duration SILENCE_LIMIT = Duration.ofSeconds(20);

    private final int port;
    private final String uid;
    private final String conversationId;
    private final List<String> clientMsgIds;
    /** clientMsgId → msgId of every send_ack received, in the order received. */
    private final Map<String, String> acked = new LinkedHashMap<>();
    private final Map<ErrorCode, Integer> errors = new EnumMap<>(ErrorCode.class);
    private final List<Integer> closeCodes = new ArrayList<>();
    private int connections;

    ReliableDevice(int port, String uid, String conversationId, int messages) {
        this.port = port;
        this.uid = uid;
        this.conversationId = conversationId;
        this.clientMsgIds = IntStream.rangeClosed(1, messages).mapToObj(i -> String.format("m-%05d", i)).toList();
    }

    /** Every clientMsgId, in send order. */
    List<String> clientMsgIds() {
        return clientMsgIds;
    }

    Map<String, String> acked() {
        return acked;
    }

    boolean allAcknowledged() {
        return acked.size() == clientMsgIds.size();
    }

    int errors(ErrorCode code) {
        return errors.getOrDefault(code, 0);
    }

    /** The codes the server closed connections with, in order. */
    List<Integer> closeCodes() {
        return List.copyOf(closeCodes);
    }

    int connections() {
        return connections;
    }

    /**
     * One connection: sends every unacknowledged message in order with clientIds 1, 2, … ({@code pace}
     * apart), stops sending at the first {@code error}, reads until every send is answered or the server
     * closed the connection, then closes it.
     */
    void connectAndSend(Duration pace, AckListener onAck) {
        List<String> pending = clientMsgIds.stream().filter(id -> !acked.containsKey(id)).toList();
        if (pending.isEmpty()) {
            return;
        }
        connections++;
        try (TestSocket ws = TestSocket.toConnector(port, uid, "d1")) {
            ws.send("{\"type\":\"ping\"}");
            if (!(ws.next() instanceof ServerFrame.Pong)) {
                throw new AssertionError("expected pong first");
            }
            Connection c = new Connection(onAck);
            while (!c.stopped && c.sent.size() < pending.size()) {
                long clientId = c.sent.size() + 1;
                String clientMsgId = pending.get(c.sent.size());
                try {
                    ws.sendMessage(clientId, clientMsgId, conversationId, "message " + clientMsgId);
                    c.sent.put(clientId, clientMsgId);
                } catch (CompletionException closedMeanwhile) {
                    break;
                }
                pause(pace);
                for (ServerFrame f = ws.poll(Duration.ZERO); f != null; f = ws.poll(Duration.ZERO)) {
                    c.handle(f);
                }
            }
            long heardAt = System.nanoTime();
            while (c.answered.size() < c.sent.size()) {
                ServerFrame frame = ws.poll(Duration.ofMillis(100));
                if (frame != null) {
                    heardAt = System.nanoTime();
                    c.handle(frame);
                } else if (ws.isClosed()) {
                    break;
                } else if (System.nanoTime() - heardAt > SILENCE_LIMIT.toNanos()) {
                    throw new AssertionError((c.sent.size() - c.answered.size()) + " sends unanswered for "
                            + SILENCE_LIMIT + " on an open connection");
                }
            }
            if (ws.isClosed()) {
                closeCodes.add(ws.awaitClose().code());
            }
        }
    }

    /** What one connection sent and what it was answered. */
    private final class Connection {
        final Map<Long, String> sent = new HashMap<>();
        final Set<Long> answered = new HashSet<>();
        final AckListener onAck;
        long lastAcked;
        boolean stopped;

        Connection(AckListener onAck) {
            this.onAck = onAck;
        }

        void handle(ServerFrame frame) {
            if (frame instanceof ServerFrame.SendAck ack) {
                if (!ack.clientMsgId().equals(sent.get(ack.clientId())) || ack.clientId() <= lastAcked) {
                    throw new AssertionError("send_ack out of place: " + ack + " (sent: " + sent.get(ack.clientId())
                            + ", last acknowledged clientId: " + lastAcked + ")");
                }
                lastAcked = ack.clientId();
                answered.add(ack.clientId());
                acked.put(ack.clientMsgId(), ack.msgId());
                onAck.acknowledged(acked.size(), sent.size() - answered.size());
            } else if (frame instanceof ServerFrame.Error error) {
                errors.merge(error.code(), 1, Integer::sum);
                if (error.clientId() != null) {
                    answered.add(error.clientId());
                }
                stopped = true;
            }
        }
    }

    @Override
    public String toString() {
        return "connections=" + connections + ", acknowledged=" + acked.size() + "/" + clientMsgIds.size()
                + ", errors=" + errors + ", closed by the server with " + closeCodes;
    }

    private static void pause(Duration pace) {
        if (pace.isZero()) {
            return;
        }
        try {
            Thread.sleep(pace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
