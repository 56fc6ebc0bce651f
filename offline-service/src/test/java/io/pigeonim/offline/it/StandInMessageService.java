package io.pigeonim.offline.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.json.PigeonJson;

/**
 * Stands in for message-service's {@code POST /internal/v1/acks} with its contract: all or nothing, 400 past the
 * conversation's last seq, 403 for a non-member, cursors written with GREATEST (never backwards) before 200;
 * offline-service's requests must ask for {@code ?flush=now} (a user waits on them), anything else is a 500.
 */
public final class FakeMessageService implements AutoCloseable {

    static {
        // the JDK server writes headers and body apart without TCP_NODELAY: Nagle + delayed ACK add 40 ms per call,
        // which the real message-service (Tomcat, TCP_NODELAY on) does not
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final Store store;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();

    public FakeMessageService(Store store) throws IOException {
        this.store = store;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/acks", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Time spent handling ack requests so far (parse, MySQL transaction, answer). */
    public long nanos() {
        return nanos.get();
    }

    /** Ack requests received so far (accepted or not). */
    public int calls() {
        return calls.get();
    }

    /** The client ports of the calls from number {@code firstCall} on: one per connection they came over. */
    public Set<Integer> connectionsSince(int firstCall) {
        return Set.copyOf(clientPorts.subList(firstCall, clientPorts.size()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        clientPorts.add(exchange.getRemoteAddress().getPort());
        long start = System.nanoTime();
        try {
            apply(exchange);
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
        }
    }

    private void apply(HttpExchange exchange) throws IOException {
        if (!"flush=now".equals(exchange.getRequestURI().getQuery())) {
            // the contract for a caller whose user waits: written at once, not in the next batch window
            problem(exchange, 500, "expected ?flush=now from offline-service, got " + exchange.getRequestURI());
            exchange.close();
            return;
        }
        try (InputStream in = exchange.getRequestBody()) {
            AckRequest request = PigeonJson.mapper().readValue(in.readAllBytes(), AckRequest.class);
            try (Connection c = store.connect()) {
                c.setAutoCommit(false);
                for (AckEntry ack : request.acks()) {
                    String refusal = refusal(c, request.uid(), ack);
                    if (refusal != null) {
                        c.rollback();
                        problem(exchange, refusal.startsWith("403") ? 403 : 400, refusal.substring(4));
                        return;
                    }
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO device_cursor (uid, device_id, conversation_id, "
                            + "ack_seq, updated_at) VALUES (?,?,?,?,?) ON DUPLICATE KEY UPDATE "
                            + "ack_seq = GREATEST(ack_seq, VALUES(ack_seq)), updated_at = VALUES(updated_at)")) {
                        s.setString(1, request.uid());
                        s.setString(2, request.deviceId());
                        s.setString(3, ack.conversationId());
                        s.setLong(4, ack.seq());
                        s.setLong(5, System.currentTimeMillis());
                        s.executeUpdate();
                    }
                }
                c.commit();
            }
            byte[] body = PigeonJson.mapper().writeValueAsBytes(new AckResponse(request.acks()));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (SQLException | RuntimeException e) {
            problem(exchange, 500, String.valueOf(e));
        } finally {
            exchange.close();
        }
    }

    private static String refusal(Connection c, String uid, AckEntry ack) throws SQLException {
        ConversationId id = ConversationId.parse(ack.conversationId());
        try (PreparedStatement s = c.prepareStatement("SELECT max_seq FROM conversation WHERE conversation_id = ?")) {
            s.setString(1, ack.conversationId());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || ack.seq() > r.getLong(1)) {
                    return "400 seq: " + ack.seq() + " is past the last seq of " + ack.conversationId();
                }
            }
        }
        if (id.isDirect()) {
            return id.hasMember(uid) ? null : "403 not a member of " + ack.conversationId();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM user_conversation WHERE uid = ? AND conversation_id = ?")) {
            s.setString(1, uid);
            s.setString(2, ack.conversationId());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? null : "403 not a member of " + ack.conversationId();
            }
        }
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        String code = status == 403 ? "FORBIDDEN" : status == 400 ? "BAD_FRAME" : "INTERNAL";
        byte[] body = PigeonJson.mapper().writeValueAsBytes(Map.of("status", status, "code", code, "detail", detail));
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
