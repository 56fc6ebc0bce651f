package io.pigeonim.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.pigeonim.client.transport.ServerApiException;
import io.pigeonim.client.transport.Transport;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;
import io.pigeonim.common.json.PigeonJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link StandInPigeonServer} on a real socket, as the gateway shows it: the WebSocket ({@code /ws?token=}) and the
 * REST calls of PROTOCOL.md §4 (sync, summary, history, dev tokens; errors as problem+json), so the SDK's
 * transports, JDK and OkHttp, and the {@link FaultProxy} can be tested without the stack. Canned answers
 * ({@link #answerNext}) and a periodic 429 ({@link #rateLimitEverySync}) put REST failures in the way.
 */
final class StandInGateway implements AutoCloseable {

    /** An answer to give instead of the real one. */
    record Canned(int status, String contentType, String body, Map<String, String> headers) {
    }

    private final StandInPigeonServer server;
    private final boolean ownsServer;
    private final ServerSocket socket;
    private final Deque<Canned> canned = new ArrayDeque<>();
    private final AtomicInteger syncs = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile int rateLimitEvery;
    private final AtomicInteger upgrades = new AtomicInteger();
    private final AtomicInteger refuseUpgrades = new AtomicInteger();
    private volatile long upgradeRetryAfter;
    private volatile boolean closed;

    /** A front for {@code server}, which outlives it. */
    StandInGateway(StandInPigeonServer server) throws IOException {
        this(server, false);
    }

    private StandInGateway(StandInPigeonServer server, boolean ownsServer) throws IOException {
        this.server = server;
        this.ownsServer = ownsServer;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "stand-in-gateway");
        accept.setDaemon(true);
        accept.start();
    }

    /** A front for a stand-in server of its own, closed with it. */
    static StandInGateway withServer() {
        try {
            return new StandInGateway(new StandInPigeonServer(), true);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    StandInPigeonServer server() {
        return server;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** The next REST request gets this answer instead. */
    synchronized void answerNext(Canned answer) {
        canned.add(answer);
    }

    /** Every {@code n}th sync request is answered 429 {@code RATE_LIMITED} with {@code Retry-After: 0}. */
    void rateLimitEverySync(int n) {
        rateLimitEvery = n;
    }

    /** The next {@code n} WebSocket upgrades are answered 503 {@code UNAVAILABLE} with {@code Retry-After}. */
    void refuseUpgrades(int n, long retryAfterSeconds) {
        upgradeRetryAfter = retryAfterSeconds;
        refuseUpgrades.set(n);
    }

    /** How many WebSocket upgrades reached this gateway, refused or not. */
    int upgrades() {
        return upgrades.get();
    }

    /** How many requests {@link #rateLimitEverySync} refused. */
    int rateLimited() {
        return rateLimited.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        if (ownsServer) {
            server.close();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "stand-in-gateway-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try {
            ServerWebSocket request = ServerWebSocket.request(s);
            if (request.isUpgrade()) {
                webSocket(request);
            } else {
                Canned answer;
                try {
                    answer = rest(request);
                } catch (RuntimeException e) {
                    answer = problem(500, "INTERNAL", String.valueOf(e), null);
                }
                request.answer(answer.status(), answer.contentType(), answer.body(), answer.headers());
            }
        } catch (IOException e) {
            // the client went away during the request
        }
    }

    private void webSocket(ServerWebSocket ws) throws IOException {
        upgrades.incrementAndGet();
        if (refuseUpgrades.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            Canned refusal = problem(503, "UNAVAILABLE", "this instance takes no more new connections this second",
                    Long.toString(upgradeRetryAfter));
            ws.answer(refusal.status(), refusal.contentType(), refusal.body(), refusal.headers());
            return;
        }
        String path = ws.path();
        int at = path.indexOf("token=");
        if (!path.startsWith("/ws?") || at < 0) {
            ws.refuse(401);
            return;
        }
        String token = URLDecoder.decode(path.substring(at + 6), StandardCharsets.UTF_8);
        ws.open();
        Transport.Connection link = server.connect(token, new Transport.Listener() {
            @Override
            public void onText(String text) {
                ws.sendText(text);
            }

            @Override
            public void onClosed(int code, String reason) {
                ws.sendClose(code, reason);
            }
        }).join();
        ws.read(new ServerWebSocket.Handler() {
            @Override
            public void onText(String text) {
                link.send(text);
            }

            @Override
            public void onClose(int code, String reason) {
                link.abort();
            }
        });
    }

    private Canned rest(ServerWebSocket request) {
        synchronized (this) {
            if (!canned.isEmpty()) {
                return canned.poll();
            }
        }
        URI uri = URI.create(request.path());
        Map<String, String> query = query(uri.getRawQuery());
        String path = uri.getPath();
        if (request.method().equals("POST") && path.equals("/api/v1/dev/token")) {
            JsonNode body = PigeonJson.mapper().readTree(request.body());
            return json(200, PigeonJson.mapper().createObjectNode()
                    .put("token", body.get("uid").asString() + "/" + body.get("deviceId").asString()).put("expiresIn", 86400));
        }
        String auth = request.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !auth.substring(7).contains("/")) {
            return problem(401, "UNAUTHORIZED", "no bearer token", null);
        }
        String token = auth.substring(7);
        try {
            if (path.equals("/api/v1/sync")) {
                return sync(token, query);
            } else if (path.equals("/api/v1/sync/summary")) {
                ArrayNode conversations = PigeonJson.mapper().createArrayNode();
                server.summary(token).join().forEach(e -> conversations.addObject().put("conversationId", e.conversationId())
                        .put("maxSeq", e.maxSeq()).put("ackSeq", e.ackSeq()).put("unread", e.unread()));
                return json(200, PigeonJson.mapper().createObjectNode().set("conversations", conversations));
            } else if (path.startsWith("/api/v1/conversations/") && path.endsWith("/messages")) {
                String conversationId = path.substring("/api/v1/conversations/".length(), path.length() - "/messages".length());
                var page = server.history(token, conversationId, Long.parseLong(query.get("afterSeq")),
                        Integer.parseInt(query.get("limit"))).join();
                return json(200, messages(page.messages()).put("hasMore", page.hasMore()));
            }
            return problem(404, "NOT_FOUND", "no route for " + path, null);
        } catch (CompletionException e) {
            if (e.getCause() instanceof ServerApiException refused) {
                return problem(refused.status(), refused.code(), refused.getMessage(), null);
            }
            throw e;
        }
    }

    private Canned sync(String token, Map<String, String> query) {
        int every = rateLimitEvery;
        if (every > 0 && syncs.incrementAndGet() % every == 0) {
            rateLimited.incrementAndGet();
            return problem(429, "RATE_LIMITED", "slow down", "0");
        }
        var page = server.sync(token, query.get("ack"), Integer.parseInt(query.get("limit"))).join();
        ObjectNode body = messages(page.messages()).put("next", page.next()).put("hasMore", page.hasMore());
        return json(200, body);
    }

    /** Messages as sync and history list them: the {@code message} frame without its type. */
    private static ObjectNode messages(List<MessageFrame> messages) {
        ObjectNode body = PigeonJson.mapper().createObjectNode();
        ArrayNode list = body.putArray("messages");
        for (MessageFrame m : messages) {
            ObjectNode frame = (ObjectNode) PigeonJson.mapper().readTree(FrameCodec.encode(m));
            frame.remove("type");
            list.add(frame);
        }
        return body;
    }

    static Canned problem(int status, String code, String detail, String retryAfter) {
        ObjectNode problem = PigeonJson.mapper().createObjectNode().put("type", "about:blank").put("status", status)
                .put("code", code).put("detail", detail);
        return new Canned(status, "application/problem+json", problem.toString(),
                retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter));
    }

    private static Canned json(int status, JsonNode body) {
        return new Canned(status, "application/json", body.toString(), Map.of());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }
}
