package io.pigeonim.gateway.web;

import java.net.ConnectException;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.gateway.identity.CallerLogContext;
import reactor.core.publisher.Mono;

/**
 * Writes every error of the gateway (auth, routing, an upstream down, a bad dev-token request) as
 * {@code application/problem+json} with a {@code code}.
 *
 * @implNote One {@link ErrorWebExceptionHandler} instead of a {@code @RestControllerAdvice}: an advice sees
 *     only controller errors, while most gateway errors come from filters and the proxy. It runs before
 *     Spring Boot's default handler (order -1), which would answer in its own JSON shape.
 */
public final class ProblemAdvice implements ErrorWebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    @Override
    public int getOrder() {
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        Failure failure = classify(exchange, error);
        String path = exchange.getRequest().getPath().value();
        HttpStatus status = HttpStatus.resolve(failure.status().value());
        String title = status != null ? status.getReasonPhrase() : "Error";
        Problem problem = new Problem("about:blank", title, failure.status().value(), failure.detail(), path,
                codeOf(failure.status()).name());
        response.setStatusCode(failure.status());
        response.getHeaders().putAll(failure.headers());
        response.getHeaders().setContentType(PROBLEM_JSON);
        byte[] body = PigeonJson.mapper().writeValueAsBytes(problem);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private record Failure(HttpStatusCode status, String detail, HttpHeaders headers) {
    }

    private static Failure classify(ServerWebExchange exchange, Throwable error) {
        if (error instanceof ResponseStatusException statusError) {
            HttpStatusCode status = statusError.getStatusCode();
            String detail = status.value() == 404
                    ? "no route for " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath()
                    : Objects.requireNonNullElse(statusError.getReason(), "request refused");
            return new Failure(status, detail, statusError.getHeaders());
        }
        if (hasCause(error, ConnectException.class) || hasCause(error, ConnectTimeoutException.class)) {
            return new Failure(HttpStatus.SERVICE_UNAVAILABLE, "upstream service unavailable, try again later",
                    HttpHeaders.EMPTY);
        }
        WebSocketClientHandshakeException handshake = cause(error, WebSocketClientHandshakeException.class);
        if (handshake != null) {
            if (handshake.response() != null && handshake.response().status().code() == 503) {
                // every connector instance tried is at its budget (issue 18): the client retries later
                HttpHeaders headers = new HttpHeaders();
                String retryAfter = handshake.response().headers().get(HttpHeaders.RETRY_AFTER);
                headers.set(HttpHeaders.RETRY_AFTER, retryAfter != null ? retryAfter : "5");
                return new Failure(HttpStatus.SERVICE_UNAVAILABLE,
                        "no connector instance takes another connection now, try again later", headers);
            }
            if (handshake.response() != null
                    && handshake.response().status().code() == HttpStatus.TOO_MANY_REQUESTS.value()) {
                // the user has as many devices online as allowed (docs/security.md)
                HttpHeaders headers = new HttpHeaders();
                String retryAfter = handshake.response().headers().get(HttpHeaders.RETRY_AFTER);
                headers.set(HttpHeaders.RETRY_AFTER, retryAfter != null ? retryAfter : "60");
                return new Failure(HttpStatus.TOO_MANY_REQUESTS,
                        "too many devices online for this user: close one first", headers);
            }
            return new Failure(HttpStatus.BAD_GATEWAY, "upstream service refused the WebSocket upgrade",
                    HttpHeaders.EMPTY);
        }
        CallerLogContext.log(exchange, () -> log.error("Unexpected error on {} {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), error));
        return new Failure(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", HttpHeaders.EMPTY);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        return cause(error, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** The PROTOCOL.md code of an HTTP status. */
    static ErrorCode codeOf(HttpStatusCode status) {
        return switch (status.value()) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 502, 503, 504 -> ErrorCode.UNAVAILABLE;
            default -> status.is4xxClientError() ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
        };
    }
}
