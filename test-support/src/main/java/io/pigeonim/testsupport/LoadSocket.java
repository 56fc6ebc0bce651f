package io.pigeonim.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.FrameException;
import io.pigeonim.common.frame.ServerFrame;

/**
 * The benchmarks' WebSocket, over the JDK client, by the thousand in one process: frames sent leave in call order,
 * frames received are decoded with {@link FrameCodec} and handed on at once with their arrival time, and nothing is
 * kept (a test's {@link TestSocket} queues what arrives so that a test can await it; a load generator must not).
 * The same code talks to the gateway, to a connector straight and to the echo baseline, so both sides of a ratio pay
 * the same client costs. For tens of thousands of idle sockets in one process, {@link NioLoadSocket}.
 */
public final class LoadSocket implements WebSocket.Listener, FrameSender {

    /** What the owner does with what arrives; {@code nanos} is {@link System#nanoTime} at receipt. */
    public interface Frames {
        void received(ServerFrame frame, long nanos);

        /** The connection is gone: the server's close code, or -1 when it failed. */
        default void closed(int code, String reason) {
        }
    }

    /** Frames no one could decode, over all sockets: reported, it should stay 0. */
    public static final AtomicLong UNDECODABLE = new AtomicLong();

    private static final String PING = FrameCodec.encode(new ClientFrame.Ping());

    private record Ping(long startNanos, CompletableFuture<Long> rtt) {
    }

    private final Frames frames;
    private final StringBuilder partial = new StringBuilder();
    private final Queue<Ping> pings = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private volatile WebSocket ws;

    private LoadSocket(Frames frames) {
        this.frames = frames;
    }

    /**
     * Opens the socket with {@code headers} and sends a {@code ping}; completes once its {@code pong} came back:
     * from then on the connection receives pushes (PROTOCOL.md §3).
     */
    public static CompletableFuture<LoadSocket> connect(HttpClient http, URI uri, Map<String, String> headers,
            Frames frames) {
        LoadSocket socket = new LoadSocket(frames);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        return builder.buildAsync(uri, socket)
                .thenCompose(ws -> socket.ping().orTimeout(30, TimeUnit.SECONDS))
                .thenApply(rtt -> socket);
    }

    /** {@link #connect(HttpClient, URI, Map, Frames)} without headers (the token in the URI, or none). */
    public static CompletableFuture<LoadSocket> connect(HttpClient http, URI uri, Frames frames) {
        return connect(http, uri, Map.of(), frames);
    }

    /** Sends a text frame after those sent before it; a failed send shows as the socket closing. */
    @Override
    public synchronized void send(String text) {
        CompletableFuture<?> sent = tail.thenCompose(previous -> ws.sendText(text, true));
        tail = sent.exceptionally(failure -> null);
    }

    /**
     * Sends a {@code ping}; completes with the round trip to its {@code pong}, in nanoseconds. A pong no ping waits
     * for (one sent as text by the owner) goes to the owner like any frame.
     */
    public synchronized CompletableFuture<Long> ping() {
        Ping ping = new Ping(System.nanoTime(), new CompletableFuture<>());
        pings.add(ping);
        send(PING);
        return ping.rtt();
    }

    @Override
    public boolean isClosed() {
        return closed.isDone();
    }

    /** Closes with 1000 after the frames already queued, and drops the connection once the server closed too. */
    @Override
    public CompletableFuture<Void> close() {
        WebSocket socket = ws;
        if (socket == null || closed.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (this) {
            tail = tail.thenCompose(previous -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"))
                    .exceptionally(failure -> null);
        }
        // a server that does not answer the close within 5 s is cut off
        return closed.completeOnTimeout(-1, 5, TimeUnit.SECONDS).thenRun(socket::abort);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        webSocket.request(1);
    }

    /** A frame in one piece (the usual case for frames this small) is decoded without a copy into the buffer. */
    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (last) {
            long now = System.nanoTime();
            String text = partial.isEmpty() ? data.toString() : partial.append(data).toString();
            partial.setLength(0);
            dispatch(text, now);
        } else {
            partial.append(data);
        }
        webSocket.request(1);
        return null;
    }

    /** A pong answers the oldest waiting {@link #ping}; everything else goes to the owner, undecodable text is counted. */
    private void dispatch(String text, long now) {
        ServerFrame frame;
        try {
            frame = FrameCodec.decodeServer(text);
        } catch (FrameException e) {
            UNDECODABLE.incrementAndGet();
            return;
        }
        Ping ping = frame instanceof ServerFrame.Pong ? pings.poll() : null;
        if (ping != null) {
            ping.rtt().complete(now - ping.startNanos());
        } else {
            frames.received(frame, now);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (closed.complete(statusCode)) {
            failPings("closed " + statusCode + " " + reason);
            frames.closed(statusCode, reason);
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (closed.complete(-1)) {
            failPings(String.valueOf(error));
            frames.closed(-1, String.valueOf(error));
        }
    }

    private void failPings(String why) {
        for (Ping ping = pings.poll(); ping != null; ping = pings.poll()) {
            ping.rtt().completeExceptionally(new IllegalStateException(why));
        }
    }
}
