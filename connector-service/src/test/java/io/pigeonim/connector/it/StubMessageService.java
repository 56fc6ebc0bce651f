package io.pigeonim.connector.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.json.PigeonJson;

/**
 * Stands in for message-service (our own service, not infrastructure). {@code POST /internal/v1/acks}:
 * seq 999999 is "past the last seq" (400 BAD_FRAME), conversation {@code p:nobody:x} is FORBIDDEN,
 * seq 777777 makes it answer 503. {@code GET /internal/v1/conversations/{id}/members/{uid}}: a group id
 * starting {@code open} has everyone (204), {@code gone} does not exist (404), {@code down} answers 503,
 * any other has no one (403).
 */
final class StubMessageService {

    static final StubMessageService INSTANCE = new StubMessageService();

    final BlockingQueue<AckRequest> received = new LinkedBlockingQueue<>();
    /** Paths of the membership questions asked, in order. */
    final BlockingQueue<String> memberChecks = new LinkedBlockingQueue<>();
    private final HttpServer server;

    private StubMessageService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/v1/acks", this::acks);
        server.createContext("/internal/v1/conversations/", this::membership);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void acks(HttpExchange exchange) throws IOException {
        AckRequest request = PigeonJson.mapper().readValue(exchange.getRequestBody().readAllBytes(), AckRequest.class);
        received.add(request);
        for (AckEntry entry : request.acks()) {
            if (entry.seq() == 999_999L) {
                answer(exchange, 400, "{\"status\":400,\"code\":\"BAD_FRAME\",\"detail\":\"seq past the last seq\"}");
                return;
            }
            if (entry.seq() == 777_777L) {
                answer(exchange, 503, "{\"status\":503,\"code\":\"UNAVAILABLE\"}");
                return;
            }
            if (entry.conversationId().startsWith("p:nobody:")) {
                answer(exchange, 403, "{\"status\":403,\"code\":\"FORBIDDEN\",\"detail\":\"not a member\"}");
                return;
            }
        }
        answer(exchange, 200, PigeonJson.mapper().writeValueAsString(new AckResponse(request.acks())));
    }

    private void membership(HttpExchange exchange) throws IOException {
        memberChecks.add(exchange.getRequestURI().getPath());
        String group = exchange.getRequestURI().getPath().split("/")[4];
        int status = group.startsWith("g:open") ? 204 : group.startsWith("g:gone") ? 404
                : group.startsWith("g:down") ? 503 : 403;
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type",
                status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
