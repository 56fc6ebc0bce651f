package io.pigeonim.connector.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.pigeonim.common.frame.ErrorCode;
import tools.jackson.core.JacksonException;

/** RFC 9457 answers with a {@code code} for the internal REST endpoint. */
@RestControllerAdvice
class ProblemAdvice {

    @ExceptionHandler({JacksonException.class, HttpMessageNotReadableException.class, IllegalArgumentException.class})
    ProblemDetail malformed(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, "malformed push request: " + e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code.name());
        return problem;
    }
}
