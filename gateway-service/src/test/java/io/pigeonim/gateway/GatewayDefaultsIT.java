package io.pigeonim.gateway;

import static io.pigeonim.gateway.GatewayIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Instant;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.GatewayMetricsFilter;
import org.springframework.cloud.gateway.filter.headers.observation.ObservedRequestHttpHeadersFilter;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.pigeonim.testsupport.TestTokens;

/** The gateway with its default settings and no service running behind it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pigeon.gateway.jwt.secret=" + TestTokens.SECRET)
class GatewayDefaultsIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void deadUpstreams(DynamicPropertyRegistry registry) throws IOException {
        int dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = socket.getLocalPort();
        }
        registry.add("CONNECTOR_URL", () -> "ws://127.0.0.1:" + dead);
        registry.add("MESSAGE_URL", () -> "http://127.0.0.1:" + dead);
        registry.add("OFFLINE_URL", () -> "http://127.0.0.1:" + dead);
    }

    @Test
    void devTokenEndpointDoesNotExistByDefault() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"alice\",\"deviceId\":\"d1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertProblem(response, 404, "NOT_FOUND");
    }

    @Test
    void restCallToAServiceThatIsDownIs503Unavailable() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/groups/g1"))
                .header("Authorization", "Bearer " + valid()).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertProblem(response, 503, "UNAVAILABLE");
    }

    @Test
    void webSocketUpgradeToAConnectorThatIsDownIs503() {
        assertThatThrownBy(() -> http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws?token=" + valid()), new GatewayIT.Frames()).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(503));
    }

    /** With tracing off, proxied requests are timed once (http.server.requests), without the gateway's own spans. */
    @Test
    void noRouteTimerAndNoRouteObservationWithTracingOff() {
        assertThat(context.getBeansOfType(GatewayMetricsFilter.class)).isEmpty();
        assertThat(context.getBeansOfType(ObservedRequestHttpHeadersFilter.class)).isEmpty();
    }

    private static String valid() {
        return TestTokens.signed("alice", "d1", Instant.now().plusSeconds(3600));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
