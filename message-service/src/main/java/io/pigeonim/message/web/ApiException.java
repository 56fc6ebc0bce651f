package io.pigeonim.message.web;

import io.pigeonim.common.frame.ErrorCode;
import org.springframework.http.HttpStatus;

/** A refused request: answered as a problem detail with this status and {@code code}. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final ErrorCode code;

    public ApiException(HttpStatus status, ErrorCode code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiException badFrame(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.BAD_FRAME, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, message);
    }

    public HttpStatus status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }
}
