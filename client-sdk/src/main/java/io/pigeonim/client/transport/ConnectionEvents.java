package io.pigeonim.client.transport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What both WebSocket transports promise a {@link Transport.Listener}: whole text frames until the end, exactly one
 * {@code onClosed} (the peer's close code and reason, or 1006 when the connection just broke), and nothing at all
 * after the SDK closed or aborted the connection itself.
 */
final class ConnectionEvents {

    /** How long the opening handshake may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a close frame may take to leave before the connection is dropped anyway. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** The code for a connection that ended without a close frame (RFC 6455 §7.1.5). */
    static final int ABNORMAL = 1006;

    private final Transport.Listener listener;
    private final AtomicBoolean ended = new AtomicBoolean();

    ConnectionEvents(Transport.Listener listener) {
        this.listener = listener;
    }

    void text(String text) {
        if (!ended.get()) {
            listener.onText(text);
        }
    }

    /** The connection ended; the first call tells the listener, later ones (and those after silence) do nothing. */
    void end(int code, String reason) {
        if (ended.compareAndSet(false, true)) {
            listener.onClosed(code, reason);
        }
    }

    /** The SDK ended the connection itself: it is told nothing more. */
    void silence() {
        ended.set(true);
    }
}
