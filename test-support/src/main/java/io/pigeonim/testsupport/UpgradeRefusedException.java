package io.pigeonim.testsupport;

import java.net.URI;

/**
 * A WebSocket upgrade that got an HTTP answer other than 101: the server is alive and said no (a connector's 503
 * when full, 401 for a bad token). Not an {@link java.io.IOException} on purpose: a {@link NioLoadSocket} connect
 * that got no HTTP answer at all (refused, reset, timed out: what a balancer takes for a dead instance) fails with
 * one, so the two cannot be mistaken for each other.
 */
public final class UpgradeRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String retryAfter;

    public UpgradeRefusedException(URI uri, int status, String retryAfter) {
        super("upgrade to " + uri.getHost() + ":" + uri.getPort() + uri.getRawPath() + " refused: " + status
                + (retryAfter == null ? "" : " (Retry-After: " + retryAfter + ")"));
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The answer's {@code Retry-After} header as it came, or null without one. */
    public String retryAfter() {
        return retryAfter;
    }
}
