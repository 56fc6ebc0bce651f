package io.pigeonim.client.transport;

import java.time.Duration;

/** A REST call answered with an error (RFC 9457 problem with a {@code code}), or not answered at all. */
public final class ServerApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Duration retryAfter;

    public ServerApiException(int status, String code, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status; 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The problem's {@code code} ({@code RATE_LIMITED}, {@code FORBIDDEN}, …), or null. */
    public String code() {
        return code;
    }

    /** The server's {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether trying again later can succeed (no answer, 429, 5xx); 4xx otherwise means the request is wrong. */
    public boolean retriable() {
        return status == 0 || status == 429 || status >= 500;
    }
}
