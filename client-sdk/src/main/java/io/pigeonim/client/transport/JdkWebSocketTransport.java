package io.pigeonim.client.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@link Transport} on the JDK's {@code java.net.http} WebSocket: {@code GET /ws?token=} through the gateway.
 *
 * @implNote The JDK WebSocket refuses a second {@code sendText} while one is outstanding, so frames are chained
 *     on the previous send's future; a failed send aborts the connection (the SDK reconnects and resends).
 */
public final class JdkWebSocketTransport implements Transport {

    private final HttpClient http;
    private final GatewayAddress gateway;

    /** @param gateway the gateway's base URL, e.g. {@code http://localhost:8080} */
    public JdkWebSocketTransport(HttpClient http, URI gateway) {
        this.http = Objects.requireNonNull(http, "http");
        this.gateway = new GatewayAddress(gateway);
    }

    @Override
    public CompletableFuture<Connection> connect(String token, Listener listener) {
        Frames frames = new Frames(new ConnectionEvents(listener));
        return http.newWebSocketBuilder().connectTimeout(ConnectionEvents.CONNECT_TIMEOUT)
                .buildAsync(URI.create(gateway.webSocket(token)), frames)
                .<Connection>thenApply(ws -> new JdkConnection(ws, frames.events))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(refusal(failure)));
    }

    /** A refused upgrade as {@link UpgradeRefusedException} (with its {@code Retry-After}); anything else as it is. */
    private static Throwable refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException refused) {
                return new UpgradeRefusedException(refused.getResponse().statusCode(), UpgradeRefusedException
                        .retryAfter(refused.getResponse().headers().firstValue("Retry-After").orElse(null)), failure);
            }
        }
        return failure;
    }

    private static final class JdkConnection implements Connection {
        private final WebSocket ws;
        private final ConnectionEvents events;
        private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

        JdkConnection(WebSocket ws, ConnectionEvents events) {
            this.ws = ws;
            this.events = events;
        }

        @Override
        public synchronized void send(String text) {
            last = last.thenCompose(ignored -> ws.sendText(text, true)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    events.end(ConnectionEvents.ABNORMAL, "send failed: " + failure);
                    ws.abort();
                }
            });
        }

        @Override
        public synchronized void close(int code, String reason) {
            // silenced before the close is sent: with nothing queued, sendClose runs on this thread, and the
            // server's echo may reach onClose on another one before this method returns
            events.silence();
            last = last.thenCompose(ignored -> ws.sendClose(code, reason))
                    .orTimeout(ConnectionEvents.CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((ok, failure) -> ws.abort());
        }

        @Override
        public void abort() {
            events.silence();
            ws.abort();
        }
    }

    private static final class Frames implements WebSocket.Listener {
        private final ConnectionEvents events;
        private final StringBuilder partial = new StringBuilder();

        Frames(ConnectionEvents events) {
            this.events = events;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                events.text(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.end(statusCode, reason);
            webSocket.abort();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.end(ConnectionEvents.ABNORMAL, String.valueOf(error));
        }
    }
}
