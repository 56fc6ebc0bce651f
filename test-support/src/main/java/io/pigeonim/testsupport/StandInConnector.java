package io.pigeonim.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.push.PushResponse;

/** Our connector's push endpoint played in-process on common-lib's push DTOs: records every push it receives, in order. */
public final class StandInConnector implements AutoCloseable {

    private final HttpServer server;
    private final String id = "it-connector-" + UUID.randomUUID();
    private final List<PushRequest.Push> received = new CopyOnWriteArrayList<>();
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    private volatile Consumer<PushRequest> listener;
    private volatile boolean recording = true;
    private final java.util.concurrent.atomic.AtomicInteger failing = new java.util.concurrent.atomic.AtomicInteger();

    public StandInConnector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/push", this::handle);
        server.start();
    }

    public String id() {
        return id;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Calls {@code listener} with every request as it arrives (benchmarks time them there). */
    public void listener(Consumer<PushRequest> listener) {
        this.listener = listener;
    }

    /** Answers the next {@code requests} push requests 503 without delivering them (a connector in trouble). */
    public void failNext(int requests) {
        failing.set(requests);
    }

    /** Whether pushes are kept for {@link #pushes()} (a long benchmark turns it off). */
    public void recording(boolean on) {
        this.recording = on;
    }

    /** Every push received so far, in order. */
    public List<PushRequest.Push> pushes() {
        return List.copyOf(received);
    }

    /** The pushes whose frame concerns {@code conversationId}. */
    public List<PushRequest.Push> pushesFor(String conversationId) {
        return received.stream().filter(p -> conversationId.equals(conversationOf(p.frame()))).toList();
    }

    /** The {@code traceparent} header of every request so far, in order ("" when it had none). */
    public List<String> traceparents() {
        return List.copyOf(traceparents);
    }

    /** Requests received so far. */
    public int requests() {
        return clientPorts.size();
    }

    /** The client ports of the requests from number {@code first} on: one per connection they came over. */
    public Set<Integer> connectionsSince(int first) {
        return Set.copyOf(clientPorts.subList(first, clientPorts.size()));
    }

    private static String conversationOf(ServerFrame frame) {
        if (frame instanceof ServerFrame.MessageFrame message) {
            return message.conversationId();
        }
        if (frame instanceof ServerFrame.Delivered delivered) {
            return delivered.conversationId();
        }
        return null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            traceparents.add(traceparent == null ? "" : traceparent);
            if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            PushRequest request = PigeonJson.mapper().readValue(exchange.getRequestBody().readAllBytes(), PushRequest.class);
            Consumer<PushRequest> observer = listener;
            if (observer != null) {
                observer.accept(request);
            }
            if (recording) {
                received.addAll(request.pushes());
            }
            byte[] bytes = PigeonJson.mapper().writeValueAsBytes(new PushResponse(1));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
