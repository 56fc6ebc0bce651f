package io.pigeonim.message.web;

import io.pigeonim.common.async.Failures;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.web.ApiException;

import java.util.concurrent.CompletionException;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every REST error of this service as RFC 9457 problem details with a {@code code} (docs/internal-contracts.md). */
@RestControllerAdvice
class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiException.class)
    ProblemDetail refused(ApiException e) {
        return problem(e.status(), e.code(), e.getMessage());
    }

    /**
     * A body that is not the expected JSON: BAD_REQUEST on the client REST API ({@code /api/**}, PROTOCOL.md §4),
     * BAD_FRAME on the internal API, which speaks frames.
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        boolean clientApi = request.getRequestURI().startsWith("/api/");
        return problem(HttpStatus.BAD_REQUEST, clientApi ? ErrorCode.BAD_REQUEST : ErrorCode.BAD_FRAME,
                "request body: not the expected JSON");
    }

    /** An answer computed asynchronously (batched acks) fails with the cause wrapped. */
    @ExceptionHandler(CompletionException.class)
    ProblemDetail completion(CompletionException e) {
        Throwable cause = Failures.unwrap(e);
        if (cause instanceof ApiException refused) {
            return refused(refused);
        }
        if (cause instanceof DataAccessException storage) {
            return storage(storage);
        }
        return internal(e);
    }

    @ExceptionHandler(DataAccessException.class)
    ProblemDetail storage(DataAccessException e) {
        if (e instanceof NonTransientDataAccessException && !(e instanceof DataAccessResourceFailureException)) {
            return internal(e);
        }
        return problem(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.UNAVAILABLE, "storage unavailable, try again later");
    }

    /** Spring MVC's own errors (unknown path, wrong method, …) keep their status; anything else is a bug. */
    @ExceptionHandler(Exception.class)
    ProblemDetail internal(Exception e) {
        if (e instanceof ErrorResponse response) {
            HttpStatusCode status = response.getStatusCode();
            ErrorCode code = status.value() == 404 ? ErrorCode.NOT_FOUND
                    : status.is4xxClientError() ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
            return problem(status, code, response.getBody().getDetail());
        }
        log.error("unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL, "internal error");
    }

    private static ProblemDetail problem(HttpStatusCode status, ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code.name());
        return problem;
    }
}
