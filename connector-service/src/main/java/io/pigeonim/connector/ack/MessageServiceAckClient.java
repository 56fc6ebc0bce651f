package io.pigeonim.connector.ack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.json.PigeonJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@link AckClient} over the JDK {@link HttpClient}, asynchronous so a slow message-service never holds
 * a socket thread. 400/403/404 keep the problem's {@code code}; 5xx, timeouts and refused connections
 * become UNAVAILABLE.
 */
public final class MessageServiceAckClient implements AckClient {

    private final HttpClient http;
    private final URI uri;
    private final Duration timeout;

    public MessageServiceAckClient(HttpClient http, String baseUrl, Duration timeout) {
        this.http = http;
        this.uri = URI.create(baseUrl.replaceAll("/+$", "") + "/internal/v1/acks");
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<AckResponse> record(AckRequest request) {
        HttpRequest post = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(PigeonJson.mapper().writeValueAsBytes(request)))
                .build();
        return http.sendAsync(post, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new AckRefusedException(ErrorCode.UNAVAILABLE, "acks could not be recorded, try again later");
                    }
                    return answer(response);
                });
    }

    private static AckResponse answer(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 200) {
            try {
                return PigeonJson.mapper().readValue(response.body(), AckResponse.class);
            } catch (JacksonException e) {
                throw new AckRefusedException(ErrorCode.INTERNAL, "acks: unreadable answer");
            }
        }
        if (status >= 500) {
            throw new AckRefusedException(ErrorCode.UNAVAILABLE, "acks could not be recorded, try again later");
        }
        ErrorCode fallback = status == 403 ? ErrorCode.FORBIDDEN : status == 404 ? ErrorCode.NOT_FOUND
                : status == 400 ? ErrorCode.BAD_FRAME : ErrorCode.INTERNAL;
        String message = "acks refused";
        ErrorCode code = fallback;
        try {
            JsonNode problem = PigeonJson.mapper().readTree(response.body());
            code = parse(problem.path("code").asString(null), fallback);
            message = problem.path("detail").asString(message);
        } catch (JacksonException e) {
            // a problem without a readable body keeps the status's code
        }
        throw new AckRefusedException(code, message);
    }

    private static ErrorCode parse(String code, ErrorCode fallback) {
        if (code == null) {
            return fallback;
        }
        try {
            ErrorCode parsed = ErrorCode.valueOf(code);
            // the wire has no BAD_REQUEST: a malformed ack is a bad frame
            return parsed == ErrorCode.BAD_REQUEST ? ErrorCode.BAD_FRAME : parsed;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
