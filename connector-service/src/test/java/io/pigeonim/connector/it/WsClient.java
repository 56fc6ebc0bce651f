package io.pigeonim.connector.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.testsupport.TestTrust;

/** A test device: the JDK WebSocket client, frames received in a queue. */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    record Close(int code, String reason) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    static WsClient connect(int port, String uid, String deviceId) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        TestTrust.identity(uid, deviceId, "GET", "/ws").forEach(builder::header);
        client.ws = builder.buildAsync(URI.create("ws://localhost:" + port + "/ws"), client).join();
        return client;
    }

    /** An upgrade with exactly {@code headers} (for instance forged identity headers). */
    static CompletableFuture<WebSocket> connectWith(int port, java.util.Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        headers.forEach(builder::header);
        return builder.buildAsync(URI.create("ws://localhost:" + port + "/ws"), new WsClient());
    }

    static CompletableFuture<WebSocket> connectWithout(int port, String header, String value) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (header != null) {
            builder.header(header, value);
        }
        return builder.buildAsync(URI.create("ws://localhost:" + port + "/ws"), new WsClient());
    }

    void send(String text) {
        ws.sendText(text, true).join();
    }

    void send(ClientFrame frame) {
        send(FrameCodec.encode(frame));
    }

    void sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    ClientFrame.Send sendMessage(long clientId, String clientMsgId, String conversationId, String content) {
        ClientFrame.Send send = new ClientFrame.Send(clientId, clientMsgId, conversationId, "text", content);
        send(send);
        return send;
    }

    /** The next frame, waiting up to 10 s. */
    ServerFrame next() {
        return next(Duration.ofSeconds(10));
    }

    ServerFrame next(Duration wait) {
        try {
            String text = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new AssertionError("no frame within " + wait);
            }
            return FrameCodec.decodeServer(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame within {@code wait}, or null. */
    ServerFrame poll(Duration wait) {
        try {
            String text = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            return text == null ? null : FrameCodec.decodeServer(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Close awaitClose() {
        return closed.orTimeout(15, TimeUnit.SECONDS).join();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
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
}
