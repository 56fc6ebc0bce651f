package io.pigeonim.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;

/**
 * The one WebSocket client of the tests: a device's socket to a connector (identity headers) or through the gateway
 * ({@code ?token=}), on the JDK client. Frames received are decoded with {@link FrameCodec} and queued; a test
 * reads them in order ({@link #next}, {@link #poll}) or picks the next one of a kind ({@link #await}), the others
 * kept for later. Binary and raw text frames can be sent too, to test what the server refuses.
 *
 * @implNote Not the SDK's transport: the tests need what a client must never do (binary frames, forged headers,
 *     an upgrade that is refused), and the SDK's resends and acks would hide what the server did.
 */
public final class TestSocket implements AutoCloseable {

    /** How a connection ended: the close frame's code and reason, or -1 and the error when it broke. */
    public record Close(int code, String reason) {
    }

    /** How long {@link #next()}, {@link #await} and {@link #awaitClose()} wait. */
    public static final Duration WAIT = Duration.ofSeconds(15);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final BlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    /** Frames {@link #await} passed over, oldest first: the next {@code await} looks here before the queue. */
    private final List<ServerFrame> passedOver = new ArrayList<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final String name;
    private WebSocket ws;

    private TestSocket(String name) {
        this.name = name;
    }

    /**
     * Opens a socket to {@code uri} with exactly {@code headers}; completes once the upgrade succeeded, or
     * exceptionally (a {@link WebSocketHandshakeException} carries the refusal's status).
     *
     * @param name who this socket is in failure messages, e.g. {@code alice/phone}
     */
    public static CompletableFuture<TestSocket> open(URI uri, Map<String, String> headers, String name) {
        TestSocket socket = new TestSocket(name);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        return builder.buildAsync(uri, socket.new Listener()).thenApply(ws -> {
            socket.ws = ws;
            return socket;
        });
    }

    /**
     * The status an upgrade to {@code uri} with {@code headers} gets: 101 (the socket is dropped at once) or the
     * refusal's HTTP status. An upgrade that fails without an HTTP answer fails the test.
     */
    public static int upgradeStatus(URI uri, Map<String, String> headers) {
        try {
            open(uri, headers, "probe").get(10, TimeUnit.SECONDS).ws.abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("upgrade to " + uri + " failed without an HTTP answer", e);
        } catch (Exception e) {
            throw new AssertionError("upgrade to " + uri, e);
        }
    }

    /** A device's socket straight to a connector on {@code port}, with the signed identity a gateway would add. */
    public static TestSocket toConnector(int port, String uid, String deviceId) {
        return open(URI.create("ws://localhost:" + port + "/ws"), TestTrust.identity(uid, deviceId, "GET", "/ws"),
                uid + "/" + deviceId).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public void send(ClientFrame frame) {
        send(FrameCodec.encode(frame));
    }

    /** Any text, a frame the server should refuse included. */
    public void send(String text) {
        ws.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Sends a {@code send} frame of text content and returns it. */
    public ClientFrame.Send sendMessage(long clientId, String clientMsgId, String conversationId, String content) {
        ClientFrame.Send send = new ClientFrame.Send(clientId, clientMsgId, conversationId, "text", content);
        send(send);
        return send;
    }

    /** The next frame (those {@link #await} passed over first), waiting up to {@link #WAIT}. */
    public ServerFrame next() {
        return next(WAIT);
    }

    public ServerFrame next(Duration wait) {
        ServerFrame frame = poll(wait);
        if (frame == null) {
            throw new AssertionError(name + ": no frame within " + wait);
        }
        return frame;
    }

    /** The next frame within {@code wait}, or null. */
    public ServerFrame poll(Duration wait) {
        synchronized (passedOver) {
            if (!passedOver.isEmpty()) {
                return passedOver.remove(0);
            }
        }
        try {
            return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame of this type that matches, within {@link #WAIT}; the frames passed over stay for later. */
    public <T extends ServerFrame> T await(Class<T> type, Predicate<T> match) {
        synchronized (passedOver) {
            for (int i = 0; i < passedOver.size(); i++) {
                ServerFrame frame = passedOver.get(i);
                if (type.isInstance(frame) && match.test(type.cast(frame))) {
                    passedOver.remove(i);
                    return type.cast(frame);
                }
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            ServerFrame frame = take(deadline);
            if (frame == null) {
                synchronized (passedOver) {
                    throw new AssertionError(name + ": no " + type.getSimpleName() + " within " + WAIT
                            + "; other frames: " + passedOver);
                }
            }
            if (type.isInstance(frame) && match.test(type.cast(frame))) {
                return type.cast(frame);
            }
            synchronized (passedOver) {
                passedOver.add(frame);
            }
        }
    }

    /** Asserts that no frame of this type that matches arrives within {@code quiet} (nor came unclaimed before). */
    public <T extends ServerFrame> void expectNone(Class<T> type, Predicate<T> match, Duration quiet) {
        synchronized (passedOver) {
            for (ServerFrame frame : passedOver) {
                if (type.isInstance(frame) && match.test(type.cast(frame))) {
                    throw new AssertionError(name + ": unexpected " + frame);
                }
            }
        }
        long deadline = System.nanoTime() + quiet.toNanos();
        for (ServerFrame frame; (frame = take(deadline)) != null; ) {
            if (type.isInstance(frame) && match.test(type.cast(frame))) {
                throw new AssertionError(name + ": unexpected " + frame);
            }
            synchronized (passedOver) {
                passedOver.add(frame);
            }
        }
    }

    private ServerFrame take(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return null;
        }
        try {
            return frames.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** How the connection ended, waiting up to {@link #WAIT}. */
    public Close awaitClose() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Completes when the connection ended. */
    public CompletableFuture<Close> closing() {
        return closed;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Open both ways: not closed by either side. */
    public boolean isOpen() {
        return ws != null && !ws.isInputClosed() && !ws.isOutputClosed() && !closed.isDone();
    }

    /** Closes with 1000 and waits up to 5 s for the server's close; a server that does not answer is cut off. */
    @Override
    public void close() {
        if (!closed.isDone() && ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            try {
                closed.orTimeout(5, TimeUnit.SECONDS).join();
            } catch (RuntimeException e) {
                ws.abort();
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(FrameCodec.decodeServer(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Close(-1, String.valueOf(error)));
        }
    }
}
