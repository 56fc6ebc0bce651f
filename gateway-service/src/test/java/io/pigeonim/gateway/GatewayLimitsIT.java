package io.pigeonim.gateway;

import static io.pigeonim.gateway.GatewayIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.pigeonim.testsupport.TestTokens;

/** What a client cannot make the gateway do: exceed its REST rate, send huge bodies, smuggle paths. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pigeon.gateway.jwt.secret=" + TestTokens.SECRET,
        "pigeon.gateway.limits.rate-per-second=1",
        "pigeon.gateway.limits.burst=5",
        "pigeon.gateway.limits.max-body-bytes=1024"})
class GatewayLimitsIT {

    private static final StandInUpstream UPSTREAM = StandInUpstream.start("any");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("CONNECTOR_URL", UPSTREAM::wsUrl);
        registry.add("MESSAGE_URL", UPSTREAM::httpUrl);
        registry.add("OFFLINE_URL", UPSTREAM::httpUrl);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @Test
    void pastItsBurstAUserGets429WithRetryAfterAndOthersAreNotHeldUp() throws Exception {
        String alice = token("rate-alice");
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            answers.add(get("/api/v1/sync/summary", alice));
        }

        assertThat(answers.subList(0, 5)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        HttpResponse<String> limited = answers.get(6);
        assertProblem(limited, 429, "RATE_LIMITED");
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 2L));
        assertThat(get("/api/v1/sync/summary", token("rate-bob")).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/api/v1/groups"))
                .header("Authorization", "Bearer " + token("body-alice"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "x".repeat(2000) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertProblem(answer, 413, "BAD_REQUEST");
    }

    @Test
    void pathTricksAre400BeforeRoutingOrAuthentication() throws Exception {
        UPSTREAM.clear();
        String token = token("path-alice");
        for (String path : List.of("/api/v1/groups/../../internal/v1/acks", "/api/v1/groups/%2e%2e/%2e%2e/internal",
                "/api/v1/groups;x=1/g1", "/api/v1/sync/..;/summary", "/api/v1//groups", "/api/v1/groups/%2finternal")) {
            assertProblem(get(path, token), 400, "BAD_REQUEST");
            assertProblem(get(path, null), 400, "BAD_REQUEST");
        }
        assertThat(UPSTREAM.seenWith("internal")).isEmpty();
    }

    /**
     * One GET on the test's client, waiting at most 10 s for its answer: a stalled exchange fails the test instead
     * of holding the build (a kept-alive connection once stalled after a 429: ADR 0023).
     */
    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String token(String uid) {
        return TestTokens.signed(uid, "d1", Instant.now().plusSeconds(600));
    }
}
