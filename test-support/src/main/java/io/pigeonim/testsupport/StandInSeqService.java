package io.pigeonim.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.seq.SeqAllocationRequest;
import io.pigeonim.common.seq.SeqAllocationResponse;
import io.pigeonim.common.seq.SeqRange;

/**
 * Our seq-service's contract played in-process on common-lib's seq DTOs: increasing ranges per conversation, each seq once; can be
 * told to answer 503 for a number of calls or until further notice.
 */
public final class StandInSeqService implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Long> last = new ConcurrentHashMap<>();
    private final AtomicInteger failuresToServe = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger failuresServed = new AtomicInteger();
    private final AtomicInteger allocations = new AtomicInteger();
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    private final AtomicReference<Runnable> beforeNextAllocation = new AtomicReference<>();

    public StandInSeqService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/seqs", this::handle);
        server.start();
    }

    /** The {@code traceparent} header of every request so far, in order ("" when it had none). */
    public List<String> traceparents() {
        return List.copyOf(traceparents);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code calls} calls answer 503. */
    public void failNext(int calls) {
        failuresToServe.set(calls);
    }

    /** Runs {@code action} once, inside the next successful call, before it answers. */
    public void beforeNextAllocation(Runnable action) {
        beforeNextAllocation.set(action);
    }

    /** Hands out {@code count} seqs of {@code conversationId} as a call would (another caller's allocation); the first. */
    public long allocate(String conversationId, int count) {
        long first = last.getOrDefault(conversationId, 0L) + 1;
        last.put(conversationId, first + count - 1);
        return first;
    }

    public void down(boolean isDown) {
        down.set(isDown);
    }

    public int failuresServed() {
        return failuresServed.get();
    }

    public int allocations() {
        return allocations.get();
    }

    /** Requests received so far. */
    public int requests() {
        return clientPorts.size();
    }

    /** The client ports of the requests from number {@code first} on: one per connection they came over. */
    public Set<Integer> connectionsSince(int first) {
        return Set.copyOf(clientPorts.subList(first, clientPorts.size()));
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
        traceparents.add(traceparent == null ? "" : traceparent);
        try (exchange) {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (down.get() || failuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                failuresServed.incrementAndGet();
                respond(exchange, 503, "{\"code\":\"UNAVAILABLE\"}");
                return;
            }
            SeqAllocationRequest request = PigeonJson.mapper().readValue(body, SeqAllocationRequest.class);
            List<SeqRange> ranges = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (SeqAllocationRequest.Allocation allocation : request.allocations()) {
                String conversationId = allocation.conversationId();
                Integer count = allocation.count();
                if (seen.contains(conversationId) || count == null || count < 1
                        || count > SeqAllocationRequest.MAX_COUNT) {
                    respond(exchange, 400, "{\"code\":\"BAD_REQUEST\"}");
                    return;
                }
                seen.add(conversationId);
                long first = last.getOrDefault(conversationId, 0L) + 1;
                long lastSeq = first + count - 1;
                last.put(conversationId, lastSeq);
                ranges.add(new SeqRange(conversationId, first, lastSeq));
            }
            allocations.incrementAndGet();
            Runnable hook = beforeNextAllocation.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
            respond(exchange, 200, PigeonJson.mapper().writeValueAsString(new SeqAllocationResponse(ranges)));
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
