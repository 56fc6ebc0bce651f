package io.pigeonim.client.transport;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * {@link Transport} on OkHttp's WebSocket, for Android (where {@code java.net.http} does not exist) or a JVM app
 * that already uses OkHttp: {@code GET /ws?token=} through the gateway, with the same promises as
 * {@link JdkWebSocketTransport} (frames leave in call order, the peer's close code and reason are passed through,
 * 1006 when the connection breaks, nothing after the SDK's own close or abort, 10 s for the handshake, 5 s for a
 * close frame).
 *
 * @implNote OkHttp queues outgoing frames itself, in order, so {@code send} needs no chaining; it refuses a frame
 *     only when the connection is closing or its 16 MiB outgoing buffer is full, and then, as with a failed JDK
 *     send, the connection is dropped and the SDK reconnects and resends. OkHttp would wait up to 60 s for the
 *     peer to answer a close frame; the SDK's close cuts that to 5 s like the JDK transport.
 */
public final class OkHttpTransport implements Transport {

    /** Drops connections whose close handshake did not finish in time; one idle-timing-out thread per process. */
    private static final ScheduledThreadPoolExecutor CLOSER = closer();

    private final OkHttpClient http;
    private final GatewayAddress gateway;

    /**
     * @param http    the app's client (its dispatcher, pool and interceptors are shared, its timeouts are not: the
     *                upgrade gets 10 s to connect and finish)
     * @param gateway the gateway's base URL, e.g. {@code http://localhost:8080}
     */
    public OkHttpTransport(OkHttpClient http, URI gateway) {
        long handshake = ConnectionEvents.CONNECT_TIMEOUT.toMillis();
        this.http = Objects.requireNonNull(http, "http").newBuilder()
                .connectTimeout(handshake, TimeUnit.MILLISECONDS)
                .callTimeout(handshake, TimeUnit.MILLISECONDS) // OkHttp ends the call timeout at the upgrade
                .build();
        this.gateway = new GatewayAddress(gateway);
    }

    @Override
    public CompletableFuture<Connection> connect(String token, Listener listener) {
        Frames frames = new Frames(new ConnectionEvents(listener));
        http.newWebSocket(new Request.Builder().url(gateway.webSocket(token)).build(), frames);
        return frames.opened;
    }

    private static final class OkHttpConnection implements Connection {
        private final WebSocket ws;
        private final ConnectionEvents events;

        OkHttpConnection(WebSocket ws, ConnectionEvents events) {
            this.ws = ws;
            this.events = events;
        }

        @Override
        public void send(String text) {
            if (!ws.send(text)) {
                events.end(ConnectionEvents.ABNORMAL, "send failed: the connection is closing or its buffer is full");
                ws.cancel();
            }
        }

        @Override
        public void close(int code, String reason) {
            events.silence();
            try {
                if (ws.close(code, reason)) {
                    CLOSER.schedule(ws::cancel, ConnectionEvents.CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
            } catch (IllegalArgumentException invalidCode) {
                // as a refused JDK sendClose: the connection is dropped without a close frame
            }
            ws.cancel();
        }

        @Override
        public void abort() {
            events.silence();
            ws.cancel();
        }
    }

    private static final class Frames extends WebSocketListener {
        final CompletableFuture<Connection> opened = new CompletableFuture<>();
        private final ConnectionEvents events;

        Frames(ConnectionEvents events) {
            this.events = events;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            // called on the reader thread before the first frame is read, so the connection exists before any text
            opened.complete(new OkHttpConnection(webSocket, events));
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            events.text(text);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            events.end(code, reason);
            webSocket.cancel();
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            events.end(code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            if (!opened.isDone()) {
                opened.completeExceptionally(response == null ? t : new UpgradeRefusedException(response.code(),
                        UpgradeRefusedException.retryAfter(response.header("Retry-After")), t));
                return;
            }
            events.end(ConnectionEvents.ABNORMAL, String.valueOf(t));
        }
    }

    private static ScheduledThreadPoolExecutor closer() {
        ScheduledThreadPoolExecutor closer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pigeon-okhttp-close");
            t.setDaemon(true);
            return t;
        });
        closer.setKeepAliveTime(10, TimeUnit.SECONDS);
        closer.allowCoreThreadTimeOut(true);
        closer.setRemoveOnCancelPolicy(true);
        return closer;
    }
}
