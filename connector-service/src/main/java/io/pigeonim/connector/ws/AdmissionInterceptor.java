package io.pigeonim.connector.ws;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.json.PigeonJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses an upgrade past this instance's budget or upgrade rate ({@link Admission}) with 503, {@code Retry-After}
 * (for the rate: the refusal's slot, {@link RetrySlots}) and a problem body, before anything of the connection exists; the gateway then tries the next instance, and a load balancer
 * that reads readiness stops sending new connections here. Existing connections are not touched.
 */
public final class AdmissionInterceptor implements HandshakeInterceptor {

    private final Admission admission;
    private final Duration retryAfter;
    private final RetrySlots slots;
    private final MeterRegistry meters;

    /** @param retryAfter the {@code Retry-After} of a refusal for a budget (connections, heap) */
    public AdmissionInterceptor(Admission admission, Duration retryAfter, RetrySlots slots, MeterRegistry meters) {
        this.admission = admission;
        this.retryAfter = retryAfter;
        this.slots = slots;
        this.meters = meters;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) throws Exception {
        Admission.Verdict verdict = admission.admit();
        if (verdict == Admission.Verdict.ADMIT) {
            return true;
        }
        meters.counter("pigeon.connector.upgrades.refused", "reason", verdict.name().toLowerCase(Locale.ROOT))
                .increment();
        long seconds = verdict == Admission.Verdict.RATE ? slots.next() : Math.max(1, retryAfter.toSeconds());
        String detail = switch (verdict) {
            case CONNECTIONS -> "this instance holds its budget of " + admission.maxConnections() + " connections";
            case MEMORY -> "this instance's heap is near its limit";
            default -> "this instance takes no more new connections this second";
        };
        refuseUnavailable(response, seconds, detail);
        return false;
    }

    /** 503 {@code UNAVAILABLE} with {@code Retry-After} and a problem body: every upgrade this instance cannot take now. */
    static void refuseUnavailable(ServerHttpResponse response, long retryAfterSeconds, String detail) throws IOException {
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Service Unavailable");
        problem.put("status", 503);
        problem.put("detail", detail + "; try again later");
        problem.put("code", ErrorCode.UNAVAILABLE.name());
        response.getBody().write(PigeonJson.mapper().writeValueAsBytes(problem));
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }
}
