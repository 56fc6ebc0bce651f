package io.pigeonim.client.transport;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Transport} on the JDK's {@code java.net.http} WebSocket: {@code GET /ws?token=} through the gateway.
 *
 * @implNote The JDK WebSocket refuses a second {@code sendText} while one is outstanding, so frames are chained
 *     on the previous send's future; a failed send aborts the connection (the SDK reconnects and resends).
 */
public final class JdkWebSocketTransport implements Transport {

    private final HttpClient http;
    private final URI wsBase;

    /** @param gateway the gateway's base URL, e.g. {@code http://localhost:8080} */
    public JdkWebSocketTransport(HttpClient http, URI gateway) {
        this.http = Objects.requireNonNull(http, "http");
        this.wsBase = URI.create(Objects.requireNonNull(gateway, "gateway").toString()
                .replaceFirst("^http", "ws").replaceFirst("/$", "") + "/ws");
    }

    @Override
    public CompletableFuture<Connection> connect(String token, Listener listener) {
        URI uri = URI.create(wsBase + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        Frames frames = new Frames(listener);
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, frames)
                .thenApply(ws -> new JdkConnection(ws, frames));
    }

    private static final class JdkConnection implements Connection {
        private final WebSocket ws;
        private final Frames frames;
        private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

        JdkConnection(WebSocket ws, Frames frames) {
            this.ws = ws;
            this.frames = frames;
        }

        @Override
        public synchronized void send(String text) {
            last = last.thenCompose(ignored -> ws.sendText(text, true)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    frames.end(1006, "send failed: " + failure);
                    ws.abort();
                }
            });
        }

        @Override
        public synchronized void close(int code, String reason) {
            last = last.thenCompose(ignored -> ws.sendClose(code, reason))
                    .orTimeout(5, TimeUnit.SECONDS)
                    .whenComplete((ok, failure) -> ws.abort());
            frames.silence();
        }

        @Override
        public void abort() {
            frames.silence();
            ws.abort();
        }
    }

    private static final class Frames implements WebSocket.Listener {
        private final Listener listener;
        private final StringBuilder partial = new StringBuilder();
        private final AtomicBoolean ended = new AtomicBoolean();

        Frames(Listener listener) {
            this.listener = listener;
        }

        void silence() {
            ended.set(true);
        }

        void end(int code, String reason) {
            if (ended.compareAndSet(false, true)) {
                listener.onClosed(code, reason);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (!ended.get()) {
                    listener.onText(text);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            end(statusCode, reason);
            webSocket.abort();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            end(1006, String.valueOf(error));
        }
    }
}
