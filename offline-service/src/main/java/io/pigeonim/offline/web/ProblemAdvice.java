package io.pigeonim.offline.web;

import io.pigeonim.common.web.ApiException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.pigeonim.common.frame.ErrorCode;

/**
 * Turns every refusal into RFC 9457 {@code application/problem+json} with the PROTOCOL.md {@code code} property.
 *
 * @implNote Extends Spring's handler so that framework errors (unknown path, wrong method, unreadable body)
 *     get the same shape; only the {@code code} is added to them.
 */
@RestControllerAdvice
public final class ProblemAdvice extends ResponseEntityExceptionHandler {

    /** The name of the extra property clients switch on. */
    public static final String CODE = "code";

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> refused(ApiException e) {
        return problem(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> databaseDown(DataAccessException e) {
        log.warn("MySQL access failed: {}", e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.UNAVAILABLE, "the message store is unavailable; try again");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL, "internal error");
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail detail = body instanceof ProblemDetail p ? p : ProblemDetail.forStatus(statusCode);
        detail.setProperty(CODE, codeOf(statusCode));
        return super.handleExceptionInternal(ex, detail, headers, statusCode, request);
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, ErrorCode code, String message) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, message);
        detail.setProperty(CODE, code.name());
        return ResponseEntity.status(status).body(detail);
    }

    private static String codeOf(HttpStatusCode status) {
        switch (status.value()) {
            case 401:
                return ErrorCode.UNAUTHORIZED.name();
            case 403:
                return ErrorCode.FORBIDDEN.name();
            case 404:
                return ErrorCode.NOT_FOUND.name();
            case 429:
                return ErrorCode.RATE_LIMITED.name();
            case 503:
                return ErrorCode.UNAVAILABLE.name();
            default:
                return status.is4xxClientError() ? ErrorCode.BAD_REQUEST.name() : ErrorCode.INTERNAL.name();
        }
    }
}
