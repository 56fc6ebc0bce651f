package io.pigeonim.bench.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.Test;

import io.pigeonim.testsupport.UpgradeRefusedException;

class IdleDeviceTest {

    private static final URI WS = URI.create("ws://localhost:8090/ws");

    @Test
    void findsTheRefusalsStatusOfEitherClientAndNoneWithoutAnHttpAnswer() {
        assertThat(IdleDevice.refusal(new CompletionException(new UpgradeRefusedException(WS, 503, "3"))))
                .isEqualTo(503);
        assertThat(IdleDevice.refusal(new CompletionException(new WebSocketHandshakeException(answer(401)))))
                .isEqualTo(401);
        assertThat(IdleDevice.refusal(new CompletionException(new ConnectException("Connection refused")))).isZero();
    }

    @Test
    void readsTheRefusalsRetryAfterFromEitherClient() {
        assertThat(IdleDevice.retryAfterSeconds(new CompletionException(new UpgradeRefusedException(WS, 503, "7"))))
                .isEqualTo(7);
        assertThat(IdleDevice.retryAfterSeconds(new CompletionException(
                new WebSocketHandshakeException(answer(503, Map.of("Retry-After", List.of("12")))))))
                .isEqualTo(12);
        assertThat(IdleDevice.retryAfterSeconds(new CompletionException(new UpgradeRefusedException(WS, 503, null))))
                .isEqualTo(-1);
        assertThat(IdleDevice.retryAfterSeconds(new CompletionException(new UpgradeRefusedException(WS, 503,
                "Wed, 21 Oct 2026 07:28:00 GMT")))).as("an HTTP date is not used").isEqualTo(-1);
        assertThat(IdleDevice.retryAfterSeconds(new ConnectException("Connection refused"))).isEqualTo(-1);
    }

    private static HttpResponse<Object> answer(int status) {
        return answer(status, Map.of());
    }

    private static HttpResponse<Object> answer(int status, Map<String, List<String>> headers) {
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpRequest request() {
                return HttpRequest.newBuilder(WS).build();
            }

            @Override
            public Optional<HttpResponse<Object>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(headers, (name, value) -> true);
            }

            @Override
            public Object body() {
                return null;
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return WS;
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
