package io.pigeonim.client.transport;

import java.io.IOException;
import java.time.Duration;

/**
 * The server answered the WebSocket upgrade with another status than 101: 401 for a bad token, 503 when every
 * instance is full or one takes no more new connections this second. With {@code Retry-After} the SDK reconnects
 * when the server said (docs/protocol.md: a paced upgrade is promised its own later second).
 */
public final class UpgradeRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final Duration retryAfter;

    public UpgradeRefusedException(int status, Duration retryAfter, Throwable cause) {
        super("WebSocket upgrade refused: HTTP " + status + (retryAfter == null ? "" : ", Retry-After "
                + retryAfter.toSeconds() + " s"), cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** The server's {@code Retry-After} in seconds, or null when it sent none (or an HTTP date). */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@code Retry-After} in delta-seconds, the form Pigeon's servers send; an HTTP date or nothing is null. */
    static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
