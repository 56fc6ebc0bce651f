package io.pigeonim.connector.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.pigeonim.common.ack.AckBatchRequest;
import io.pigeonim.common.ack.AckBatchResponse;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.json.PigeonJson;

/**
 * Stands in for message-service (our own service, not infrastructure). {@code POST /internal/v1/acks/batch},
 * per request: seq 999999 is "past the last seq" (400 BAD_FRAME), conversation {@code p:nobody:x} is
 * FORBIDDEN; seq 777777 in any request makes the whole call answer 503; a request of a uid starting {@code slow}
 * makes the whole call answer after {@link #SLOW_MILLIS}. {@code GET /internal/v1/conversations/{id}/members/{uid}}: a group id
 * starting {@code open} has everyone (204), {@code gone} does not exist (404), {@code down} answers 503,
 * any other has no one (403).
 */
final class StubMessageService {

    static {
        // as Tomcat does by default; without it Nagle + delayed ACK add 40 ms to an answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    static final StubMessageService INSTANCE = new StubMessageService();
    /** How long a batch holding a request of a uid starting {@code slow} takes to answer. */
    static final long SLOW_MILLIS = 1500;

    final BlockingQueue<AckRequest> received = new LinkedBlockingQueue<>();
    /** Batch calls answered so far. */
    final java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
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
        // a slow answer must not hold up the others
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stub-message-service");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void acks(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestURI().getPath().endsWith("/batch")) {
            answer(exchange, 404, "{\"status\":404,\"code\":\"NOT_FOUND\",\"detail\":\"connectors use /acks/batch\"}");
            return;
        }
        AckBatchRequest batch = PigeonJson.mapper().readValue(body, AckBatchRequest.class);
        batches.incrementAndGet();
        if (batch.requests().stream().anyMatch(r -> r.uid().startsWith("slow"))) {
            try {
                Thread.sleep(SLOW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<AckBatchResponse.Result> results = new ArrayList<>();
        for (AckRequest request : batch.requests()) {
            received.add(request);
            if (request.acks().stream().anyMatch(e -> e.seq() == 777_777L)) {
                answer(exchange, 503, "{\"status\":503,\"code\":\"UNAVAILABLE\"}");
                return;
            }
            results.add(result(request));
        }
        answer(exchange, 200, PigeonJson.mapper().writeValueAsString(new AckBatchResponse(results)));
    }

    private static AckBatchResponse.Result result(AckRequest request) {
        for (AckEntry entry : request.acks()) {
            if (entry.seq() == 999_999L) {
                return AckBatchResponse.Result.refused(400, "BAD_FRAME", "seq past the last seq");
            }
            if (entry.conversationId().startsWith("p:nobody:")) {
                return AckBatchResponse.Result.refused(403, "FORBIDDEN", "not a member");
            }
        }
        return AckBatchResponse.Result.recorded(request.acks());
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
