package io.pigeonim.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.pigeonim.common.ack.AckBatchRequest;
import io.pigeonim.common.ack.AckBatchResponse;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;
import io.pigeonim.common.json.PigeonJson;

/**
 * Our message-service's internal endpoints played in-process on common-lib's DTOs, for the services that call it:
 * {@code POST /internal/v1/acks} (an {@link AckRequest}: 200 {@link AckResponse} or the refusal as problem+json),
 * {@code POST /internal/v1/acks/batch} (an {@link AckBatchRequest}: one result per request, in order) and
 * {@code GET /internal/v1/conversations/{id}/members/{uid}} (204, 403, 404 or 503). A test says how each ack request
 * and each membership question is answered; every request is recorded.
 */
public final class StandInMessageService implements AutoCloseable {

    /** How one ack request is answered: recorded, refused as the single call would be, or {@link #UNAVAILABLE}. */
    @FunctionalInterface
    public interface AckRule {
        AckBatchResponse.Result answer(AckRequest request);
    }

    /** The status of a membership question: 204 a member, 403 not one, 404 no such conversation, 503 down. */
    @FunctionalInterface
    public interface MembershipRule {
        int status(String conversationId, String uid);
    }

    /** A rule's answer that makes the whole call answer 503 UNAVAILABLE, as message-service in trouble does. */
    public static final AckBatchResponse.Result UNAVAILABLE = AckBatchResponse.Result.refused(503, "UNAVAILABLE",
            "message-service unavailable (stand-in)");

    static {
        // as Tomcat does by default; without it Nagle + delayed ACK add 40 ms to an answer
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final AckRule acks;
    private final MembershipRule membership;
    private final Consumer<AckBatchRequest> beforeBatch;
    private final BlockingQueue<AckRequest> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> memberChecks = new LinkedBlockingQueue<>();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final String singleAckQuery;

    private StandInMessageService(Builder builder) {
        this.acks = builder.acks;
        this.membership = builder.membership;
        this.beforeBatch = builder.beforeBatch;
        this.singleAckQuery = builder.singleAckQuery;
        this.workers = Executors.newFixedThreadPool(builder.threads, r -> {
            Thread t = new Thread(r, "stand-in-message-service");
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), builder.backlog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/v1/acks", this::acks);
        server.createContext("/internal/v1/conversations/", this::membership);
        server.setExecutor(workers);
        server.start();
    }

    /** A stand-in that records every ack and counts everyone a member, until told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every ack request received so far (alone or in a batch), in order. */
    public BlockingQueue<AckRequest> received() {
        return received;
    }

    /** The paths of the membership questions asked so far, in order. */
    public BlockingQueue<String> memberChecks() {
        return memberChecks;
    }

    /** Batch calls answered so far. */
    public int batches() {
        return batches.get();
    }

    /** Ack calls (single or batch) received so far. */
    public int calls() {
        return calls.get();
    }

    /** Time spent handling ack calls so far (parse, the rule, answer). */
    public long nanos() {
        return nanos.get();
    }

    /** The client ports of the ack calls from number {@code firstCall} on: one per connection they came over. */
    public Set<Integer> connectionsSince(int firstCall) {
        return Set.copyOf(clientPorts.subList(firstCall, clientPorts.size()));
    }

    private void acks(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        calls.incrementAndGet();
        clientPorts.add(exchange.getRemoteAddress().getPort());
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                if (exchange.getRequestURI().getPath().endsWith("/batch")) {
                    batch(exchange, PigeonJson.mapper().readValue(body, AckBatchRequest.class));
                } else {
                    single(exchange, body);
                }
            } catch (RuntimeException e) {
                // a rule that failed (its database, say): answered as message-service answers the unexpected
                problem(exchange, 500, "INTERNAL", String.valueOf(e));
            }
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
        }
    }

    private void single(HttpExchange exchange, byte[] body) throws IOException {
        if (singleAckQuery != null && !singleAckQuery.equals(exchange.getRequestURI().getQuery())) {
            problem(exchange, 500, "INTERNAL", "expected ?" + singleAckQuery + ", got " + exchange.getRequestURI());
            return;
        }
        AckRequest request = PigeonJson.mapper().readValue(body, AckRequest.class);
        received.add(request);
        AckBatchResponse.Result result = Objects.requireNonNull(acks.answer(request), "AckRule answer");
        if (result.isRecorded()) {
            json(exchange, 200, "application/json", new AckResponse(result.acks()));
        } else {
            problem(exchange, result.status(), result.code(), result.detail());
        }
    }

    private void batch(HttpExchange exchange, AckBatchRequest batch) throws IOException {
        batches.incrementAndGet();
        beforeBatch.accept(batch);
        List<AckBatchResponse.Result> results = new ArrayList<>();
        for (AckRequest request : batch.requests()) {
            received.add(request);
            AckBatchResponse.Result result = Objects.requireNonNull(acks.answer(request), "AckRule answer");
            if (result == UNAVAILABLE) {
                problem(exchange, 503, result.code(), result.detail());
                return;
            }
            results.add(result);
        }
        json(exchange, 200, "application/json", new AckBatchResponse(results));
    }

    private void membership(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            memberChecks.add(path);
            // /internal/v1/conversations/{id}/members/{uid}
            String[] parts = path.split("/");
            int status = parts.length == 7 && "members".equals(parts[5]) ? membership.status(parts[4], parts[6]) : 404;
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static void problem(HttpExchange exchange, int status, String code, String detail) throws IOException {
        json(exchange, status, "application/problem+json", Map.of("status", status, "code", code, "detail", detail));
    }

    private static void json(HttpExchange exchange, int status, String contentType, Object body) throws IOException {
        byte[] bytes = PigeonJson.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    /** How the stand-in answers, and how many calls it serves at once. */
    public static final class Builder {

        private AckRule acks = request -> AckBatchResponse.Result.recorded(request.acks());
        private MembershipRule membership = (conversationId, uid) -> 204;
        private Consumer<AckBatchRequest> beforeBatch = batch -> { };
        private int threads = 4;
        private int backlog;
        private String singleAckQuery;

        private Builder() {
        }

        public Builder acks(AckRule rule) {
            this.acks = Objects.requireNonNull(rule, "rule");
            return this;
        }

        public Builder membership(MembershipRule rule) {
            this.membership = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** Runs {@code action} on each batch call before it is answered (a test makes some slow there). */
        public Builder beforeBatch(Consumer<AckBatchRequest> action) {
            this.beforeBatch = Objects.requireNonNull(action, "action");
            return this;
        }

        /** Calls served at once (4 by default): a slow answer must not hold up the others. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Keeps up to {@code connections} idle connections open instead of the JDK server's 200 (a benchmark with one
         * ack in flight per device connection); a JVM-wide setting, read once: call it before any JDK HttpServer starts.
         */
        public Builder idleConnections(int connections) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", String.valueOf(connections));
            this.backlog = 100;
            return this;
        }

        /** A single-ack call without exactly this query (say {@code flush=now}) answers 500: the caller broke its contract. */
        public Builder singleAckQuery(String query) {
            this.singleAckQuery = Objects.requireNonNull(query, "query");
            return this;
        }

        public StandInMessageService start() {
            return new StandInMessageService(this);
        }
    }
}
