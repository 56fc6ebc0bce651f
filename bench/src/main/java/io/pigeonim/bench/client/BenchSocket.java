package io.pigeonim.bench.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.FrameException;
import io.pigeonim.common.frame.ServerFrame;

/**
 * One WebSocket over the JDK client: frames sent leave in call order, frames received are decoded with
 * {@link FrameCodec} and handed on with their arrival time. The same code talks to the gateway and to the echo
 * baseline, so both sides of that ratio pay the same client costs.
 */
public final class BenchSocket implements WebSocket.Listener, FrameSender {

    /** What the owner does with what arrives; {@code nanos} is {@link System#nanoTime} at receipt. */
    public interface Frames {
        void received(ServerFrame frame, long nanos);

        void closed(int code, String reason);
    }

    /** Frames no one could decode, over all sockets: reported, it should stay 0. */
    public static final AtomicLong UNDECODABLE = new AtomicLong();

    private static final String PING = FrameCodec.encode(new ClientFrame.Ping());

    private final Frames frames;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> firstPong = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private volatile WebSocket ws;

    private BenchSocket(Frames frames) {
        this.frames = frames;
    }

    /**
     * Opens the socket and sends a {@code ping}; completes once its {@code pong} came back: from then on the
     * connection receives pushes (PROTOCOL.md §3).
     */
    public static CompletableFuture<BenchSocket> connect(HttpClient http, URI uri, Frames frames) {
        BenchSocket socket = new BenchSocket(frames);
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, socket)
                .thenCompose(ws -> {
                    socket.send(PING);
                    return socket.firstPong.orTimeout(30, TimeUnit.SECONDS);
                })
                .thenApply(pong -> socket);
    }

    /** Sends a text frame after those sent before it; a failed send shows as the socket closing. */
    @Override
    public synchronized void send(String text) {
        CompletableFuture<?> sent = tail.thenCompose(previous -> ws.sendText(text, true));
        tail = sent.exceptionally(failure -> null);
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

    /** The first pong completes {@link #connect}; everything else goes to the owner, undecodable text is counted. */
    private void dispatch(String text, long now) {
        ServerFrame frame;
        try {
            frame = FrameCodec.decodeServer(text);
        } catch (FrameException e) {
            UNDECODABLE.incrementAndGet();
            return;
        }
        if (!(frame instanceof ServerFrame.Pong) || !firstPong.complete(null)) {
            frames.received(frame, now);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (closed.complete(statusCode)) {
            firstPong.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            frames.closed(statusCode, reason);
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (closed.complete(-1)) {
            firstPong.completeExceptionally(error);
            frames.closed(-1, String.valueOf(error));
        }
    }
}
