package io.pigeonim.connector.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
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
import io.pigeonim.testsupport.TestTrust;

/**
 * A device connected straight to a connector instance with the identity headers the gateway would set, over the JDK
 * WebSocket client. Frames it sends leave one after the other in call order; frames it receives are decoded with
 * {@link FrameCodec} and handed to the benchmark, except pongs, which answer {@link #ping}.
 */
final class Device implements WebSocket.Listener {

    /** What a benchmark does with a received frame; {@code nanos} is {@link System#nanoTime} at receipt. */
    interface Frames {
        void received(Device device, ServerFrame frame, long nanos);
    }

    /** Frames no one could decode, over all devices: a benchmark reports it (it should stay 0). */
    static final AtomicLong UNDECODABLE = new AtomicLong();

    private record Ping(long startNanos, CompletableFuture<Long> rtt) {
    }

    private static final String PING = FrameCodec.encode(new ClientFrame.Ping());

    private final String uid;
    private final Frames frames;
    private final StringBuilder partial = new StringBuilder();
    private final Queue<Ping> pings = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private volatile WebSocket ws;

    private Device(String uid, Frames frames) {
        this.uid = uid;
        this.frames = frames;
    }

    /** Connects and completes once the connection answered its first ping: from then on it gets pushes. */
    static CompletableFuture<Device> connect(HttpClient http, URI uri, String uid, String deviceId, Frames frames) {
        Device device = new Device(uid, frames);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
        TestTrust.identity(uid, deviceId, "GET", uri.getRawPath()).forEach(builder::header);
        return builder.buildAsync(uri, device)
                .thenCompose(ws -> device.ping())
                .thenApply(rtt -> device);
    }

    String uid() {
        return uid;
    }

    /** Sends a text frame after the ones sent before it. */
    synchronized CompletableFuture<Void> send(String text) {
        CompletableFuture<Void> sent = tail.thenCompose(previous -> ws.sendText(text, true)).thenApply(w -> null);
        tail = sent.exceptionally(failure -> null);
        return sent;
    }

    /** Sends a ping; completes with the round trip to its pong, in nanoseconds. */
    synchronized CompletableFuture<Long> ping() {
        Ping ping = new Ping(System.nanoTime(), new CompletableFuture<>());
        pings.add(ping);
        send(PING);
        return ping.rtt();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Closes with 1000 and waits for the server's close, at most 5 s, then drops the TCP connection. */
    CompletableFuture<Void> close() {
        WebSocket socket = ws;
        if (socket == null || closed.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        return closed.orTimeout(5, TimeUnit.SECONDS).handle((code, failure) -> {
            if (failure != null) {
                socket.abort();
            }
            return null;
        });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            long now = System.nanoTime();
            String text = partial.toString();
            partial.setLength(0);
            received(text, now);
        }
        webSocket.request(1);
        return null;
    }

    private void received(String text, long now) {
        ServerFrame frame;
        try {
            frame = FrameCodec.decodeServer(text);
        } catch (FrameException e) {
            UNDECODABLE.incrementAndGet();
            return;
        }
        if (frame instanceof ServerFrame.Pong) {
            Ping ping = pings.poll();
            if (ping != null) {
                ping.rtt().complete(now - ping.startNanos());
            }
        } else {
            frames.received(this, frame, now);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        failPings("closed " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
        failPings(String.valueOf(error));
    }

    private void failPings(String why) {
        for (Ping ping = pings.poll(); ping != null; ping = pings.poll()) {
            ping.rtt().completeExceptionally(new IllegalStateException(uid + ": " + why));
        }
    }
}
