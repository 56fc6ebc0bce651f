package io.pigeonim.connector.ws;

import java.time.Duration;
import java.util.LinkedHashMap;
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
 * Refuses an upgrade past this instance's budget ({@link Admission}) with 503, {@code Retry-After} and a problem
 * body, before anything of the connection exists; the gateway then tries the next instance, and a load balancer
 * that reads readiness stops sending new connections here. Existing connections are not touched.
 */
public final class AdmissionInterceptor implements HandshakeInterceptor {

    private final Admission admission;
    private final Duration retryAfter;
    private final MeterRegistry meters;

    public AdmissionInterceptor(Admission admission, Duration retryAfter, MeterRegistry meters) {
        this.admission = admission;
        this.retryAfter = retryAfter;
        this.meters = meters;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) throws Exception {
        Admission.Verdict verdict = admission.verdict();
        if (verdict == Admission.Verdict.ADMIT) {
            return true;
        }
        String reason = verdict == Admission.Verdict.CONNECTIONS ? "connections" : "memory";
        meters.counter("pigeon.connector.upgrades.refused", "reason", reason).increment();
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String detail = verdict == Admission.Verdict.CONNECTIONS
                ? "this instance holds its budget of " + admission.maxConnections() + " connections"
                : "this instance's heap is near its limit";
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Service Unavailable");
        problem.put("status", 503);
        problem.put("detail", detail + "; try again later");
        problem.put("code", ErrorCode.UNAVAILABLE.name());
        response.getBody().write(PigeonJson.mapper().writeValueAsBytes(problem));
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }
}
