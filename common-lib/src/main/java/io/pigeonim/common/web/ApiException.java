package io.pigeonim.common.web;

import java.util.Objects;

import org.springframework.http.HttpStatus;

import io.pigeonim.common.frame.ErrorCode;

/**
 * A refused request: each service's {@code web/ProblemAdvice} answers it as an RFC 9457 problem with this status and
 * the PROTOCOL.md {@code code}; nothing was changed.
 */
public final class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final ErrorCode code;

    public ApiException(HttpStatus status, ErrorCode code, String detail) {
        super(detail);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
    }

    /** A malformed frame-shaped body (the internal ack API says this, as on the wire). */
    public static ApiException badFrame(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.BAD_FRAME, detail);
    }

    /** A malformed REST request. */
    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, ErrorCode.CONFLICT, detail);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.UNAVAILABLE, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }
}
