package io.pigeonim.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.trust.RequestVerifier;
import io.pigeonim.common.trust.TrustKeys;
import io.pigeonim.testsupport.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * The gateway on a random port in front of three stand-in services: only a valid JWT gets through, and then
 * with the identity of that JWT and nothing a client claimed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pigeon.gateway.jwt.secret=" + TestTokens.SECRET,
        "pigeon.gateway.dev-tokens.enabled=true"})
class GatewayIT {

    private static final StandInUpstream CONNECTOR = StandInUpstream.start("connector");
    private static final StandInUpstream MESSAGE = StandInUpstream.start("message");
    private static final StandInUpstream OFFLINE = StandInUpstream.start("offline");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("CONNECTOR_URL", CONNECTOR::wsUrl);
        registry.add("MESSAGE_URL", MESSAGE::httpUrl);
        registry.add("OFFLINE_URL", OFFLINE::httpUrl);
    }

    @AfterAll
    static void stopUpstreams() {
        CONNECTOR.close();
        MESSAGE.close();
        OFFLINE.close();
    }

    // --- refused before any service sees the request

    @Test
    void requestWithoutTokenIs401ProblemAndNeverReachesTheService() throws Exception {
        String marker = marker();

        HttpResponse<String> response = get("/api/v1/sync/summary?m=" + marker, null);

        assertUnauthorized(response, "no token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(OFFLINE.seenWith(marker)).isEmpty();
    }

    @Test
    void expiredTokenIs401() throws Exception {
        String marker = marker();
        String expired = TestTokens.signed("alice", "d1", Instant.now().minusSeconds(3600));

        HttpResponse<String> response = get("/api/v1/sync/summary?m=" + marker, expired);

        assertUnauthorized(response, "expired");
        assertThat(OFFLINE.seenWith(marker)).isEmpty();
    }

    @Test
    void tokenWithForgedSignatureIs401() throws Exception {
        String marker = marker();
        String forged = TestTokens.signed("not-the-gateway-secret-but-long-enough-32b",
                TestTokens.claims("alice", "d1", Instant.now().plusSeconds(3600)).build());

        HttpResponse<String> response = get("/api/v1/groups/g1?m=" + marker, forged);

        assertUnauthorized(response, "not signed with a trusted key");
        assertThat(MESSAGE.seenWith(marker)).isEmpty();
    }

    @Test
    void malformedTokenAndBadClaimsAre401() throws Exception {
        assertUnauthorized(get("/api/v1/sync", "garbage"), "malformed");
        assertUnauthorized(get("/api/v1/sync", TestTokens.signed("al ice", "d1", Instant.now().plusSeconds(60))),
                "sub: \"al ice\"");
        assertUnauthorized(get("/api/v1/sync", TestTokens.signed(TestTokens.SECRET,
                TestTokens.claims("alice", null, Instant.now().plusSeconds(60)).build())), "did: missing");
    }

    /**
     * Reactor Netty before 1.3.8 sometimes stopped reading a kept-alive HTTP/1.1 connection after an error answer:
     * the next request sat unread in the gateway's socket (76 bytes in its Recv-Q) and never got an answer. Seen as
     * a scrape, a call after a 429 and a call after a 401 that hung in about one full build in three; 1.6 % of
     * refusal-then-request pairs on one connection stalled (ADR 0023). Five hundred
     * pairs on one connection, 10 s each: with the bug, one stalls with near certainty.
     */
    @Test
    void aKeptAliveConnectionAnswersEveryRequestAfterARefusal() throws Exception {
        HttpClient oneConnection = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 500; i++) {
            for (String path : new String[] {"/api/v1/sync/summary", "/pigeon.js"}) {
                HttpRequest request = request(path, null).GET().build();
                try {
                    int status = oneConnection.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    assertThat(status).as(path).isEqualTo(path.endsWith(".js") ? 200 : 401);
                } catch (HttpTimeoutException stalled) {
                    throw new AssertionError("pair " + i + ": GET " + path + " got no answer in 10 s; sockets then:\n"
                            + sockets(port), stalled);
                }
            }
        }
    }

    // --- what the services behind see

    @Test
    void validTokenReachesTheServiceWithItsIdentityAndNoSpoofedHeaders() throws Exception {
        OFFLINE.clear();
        HttpRequest request = request("/api/v1/sync?limit=50", valid("alice", "d1"))
                .header("X-Pigeon-Uid", "mallory")
                .header("x-pigeon-device-id", "stolen")
                .header("X-PIGEON-ROLE", "admin")
                .GET().build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("upstream").asString()).isEqualTo("offline");
        StandInUpstream.Seen seen = OFFLINE.nextSeen();
        assertThat(seen.uri()).isEqualTo("/api/v1/sync?limit=50");
        assertThat(seen.headers().getAll("X-Pigeon-Uid")).containsExactly("alice");
        assertThat(seen.headers().getAll("X-Pigeon-Device-Id")).containsExactly("d1");
        assertThat(seen.headers().contains("X-Pigeon-Role")).isFalse();
        assertThat(seen.headers().contains("Authorization")).isFalse();
        // signed for this identity, method and path: what the services behind verify
        new RequestVerifier(TrustKeys.parse(TrustKeys.DEVELOPMENT_SPEC), Clock.systemUTC())
                .verifyIdentity("alice", "d1", seen.headers().get("X-Pigeon-Assertion"), "GET", "/api/v1/sync");
    }

    @Test
    void routesReadLikeTheTable() throws Exception {
        String token = valid("bob", "phone");

        assertThat(json(get("/api/v1/sync/summary", token)).get("upstream").asString()).isEqualTo("offline");
        assertThat(json(get("/api/v1/conversations/p:alice:bob/messages?afterSeq=0", token)).get("upstream").asString())
                .isEqualTo("offline");
        assertThat(json(get("/api/v1/groups", token)).get("upstream").asString()).isEqualTo("message");
        assertThat(json(get("/api/v1/groups/g1/members", token)).get("upstream").asString()).isEqualTo("message");
    }

    @Test
    void syncOpenApiIsPublicAndLongSyncTokensFitTheRequestLine() throws Exception {
        OFFLINE.clear();
        assertThat(json(get("/api/v1/sync/openapi", null)).get("upstream").asString()).isEqualTo("offline");
        assertThat(OFFLINE.nextSeen().headers().contains("X-Pigeon-Uid")).isFalse();
        // a client's own X-Pigeon-* headers are dropped on open paths too
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/sync/openapi"))
                .header("X-Pigeon-Uid", "mallory").header("X-Pigeon-Assertion", "dev.1.x").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        StandInUpstream.Seen open = OFFLINE.nextSeen();
        assertThat(open.headers().contains("X-Pigeon-Uid")).isFalse();
        assertThat(open.headers().contains("X-Pigeon-Assertion")).isFalse();

        // a page token covering many conversations rides in the query string
        String ack = "a".repeat(30_000);
        HttpResponse<String> response = get("/api/v1/sync?limit=200&ack=" + ack, valid("alice", "d1"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(OFFLINE.nextSeen().uri()).endsWith(ack);
    }

    @Test
    void internalPathsAndUnknownRoutesAre404Problems() throws Exception {
        String marker = marker();

        for (String token : new String[] {null, valid("alice", "d1")}) {
            HttpResponse<String> internal = get("/internal/v1/seqs?m=" + marker, token);
            assertProblem(internal, 404, "NOT_FOUND");
        }
        assertProblem(get("/api/v1/unknown", valid("alice", "d1")), 404, "NOT_FOUND");
        for (StandInUpstream upstream : new StandInUpstream[] {CONNECTOR, MESSAGE, OFFLINE}) {
            assertThat(upstream.seenWith(marker)).isEmpty();
        }
    }

    // --- WebSocket

    @Test
    void webSocketWithQueryTokenIsProxiedWithIdentityAndWithoutTheToken() throws Exception {
        CONNECTOR.clear();
        Frames frames = new Frames();

        WebSocket socket = http.newWebSocketBuilder()
                .header("X-Pigeon-Uid", "mallory")
                .buildAsync(URI.create("ws://localhost:" + port + "/ws?token=" + valid("alice", "browser")), frames)
                .get(10, TimeUnit.SECONDS);

        assertThat(frames.next()).isEqualTo("hello");
        StandInUpstream.Seen seen = CONNECTOR.nextSeen();
        assertThat(seen.uri()).isEqualTo("/ws");
        assertThat(seen.headers().getAll("X-Pigeon-Uid")).containsExactly("alice");
        assertThat(seen.headers().getAll("X-Pigeon-Device-Id")).containsExactly("browser");
        socket.sendText("{\"type\":\"ping\"}", true).get(5, TimeUnit.SECONDS);
        assertThat(frames.next()).isEqualTo("echo:{\"type\":\"ping\"}");
        socket.sendText("close1012", true).get(5, TimeUnit.SECONDS);
        assertThat(frames.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1012);
    }

    @Test
    void aConnectorsRefusalForTooManyDevicesReachesTheClientAs429() {
        assertThatThrownBy(() -> http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws?standin=429&token=" + valid("alice", "d17")),
                        new Frames()).join())
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
                    assertThat(e.getResponse().statusCode()).isEqualTo(429);
                    assertThat(e.getResponse().headers().firstValue("Retry-After")).hasValue("60");
                });
    }

    @Test
    void aWebSocketIsClosedWhenItsTokenExpires() throws Exception {
        Frames frames = new Frames();
        String shortLived = TestTokens.signed("alice", "expiring", Instant.now().plusSeconds(2));

        http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws?token=" + shortLived), frames)
                .get(10, TimeUnit.SECONDS);

        assertThat(frames.next()).isEqualTo("hello");
        assertThat(frames.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
    }

    @Test
    void webSocketWithAuthorizationHeaderIsProxied() throws Exception {
        Frames frames = new Frames();

        WebSocket socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + valid("bob", "desktop"))
                .buildAsync(URI.create("ws://localhost:" + port + "/ws"), frames)
                .get(10, TimeUnit.SECONDS);

        assertThat(frames.next()).isEqualTo("hello");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }

    @Test
    void webSocketUpgradeWithoutValidTokenIs401() {
        String expired = TestTokens.signed("alice", "d1", Instant.now().minusSeconds(3600));

        for (String query : new String[] {"", "?token=", "?token=garbage", "?token=" + expired}) {
            assertThatThrownBy(() -> http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://localhost:" + port + "/ws" + query), new Frames()).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
        }
    }

    // --- dev tokens

    @Test
    void devTokenIsIssuedAndAccepted() throws Exception {
        HttpResponse<String> issued = post("/api/v1/dev/token", "{\"uid\":\"carol\",\"deviceId\":\"tablet-1\"}");

        assertThat(issued.statusCode()).isEqualTo(200);
        JsonNode body = json(issued);
        assertThat(body.get("expiresIn").asLong()).isEqualTo(86400);
        MESSAGE.clear();
        assertThat(get("/api/v1/groups", body.get("token").asString()).statusCode()).isEqualTo(200);
        StandInUpstream.Seen seen = MESSAGE.nextSeen();
        assertThat(seen.headers().get("X-Pigeon-Uid")).isEqualTo("carol");
        assertThat(seen.headers().get("X-Pigeon-Device-Id")).isEqualTo("tablet-1");
    }

    @Test
    void devTokenRequestWithBadIdsOrJsonIs400() throws Exception {
        HttpResponse<String> badUid = post("/api/v1/dev/token", "{\"uid\":\"al ice\",\"deviceId\":\"d1\"}");
        assertProblem(badUid, 400, "BAD_REQUEST");
        assertThat(json(badUid).get("detail").asString()).isEqualTo("uid: \"al ice\" (expected: [A-Za-z0-9_.-]{1,64})");

        HttpResponse<String> noDevice = post("/api/v1/dev/token", "{\"uid\":\"alice\"}");
        assertProblem(noDevice, 400, "BAD_REQUEST");
        assertThat(json(noDevice).get("detail").asString()).startsWith("deviceId: null");

        HttpResponse<String> notJson = post("/api/v1/dev/token", "{uid:");
        assertProblem(notJson, 400, "BAD_REQUEST");
        assertThat(json(notJson).get("detail").asString()).contains("not a JSON object");
    }

    // --- operations

    @Test
    void probesAndPrometheusAreOnTheManagementPortOnly() throws Exception {
        assertThat(management("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(management("/actuator/health/readiness").statusCode()).isEqualTo(200);
        get("/api/v1/sync", null);

        HttpResponse<String> prometheus = management("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("pigeon_gateway_tokens_rejected_total{", "reason=\"missing\"",
                "application=\"gateway-service\"");

        // PROTOCOL.md §6: none of it through the public port, with or without a token
        for (String path : new String[] {"/actuator/health/readiness", "/actuator/prometheus", "/actuator"}) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(404);
            assertThat(get(path, valid("alice", "d1")).statusCode()).as(path).isEqualTo(404);
        }
    }

    // --- helpers

    private static String valid(String uid, String deviceId) {
        return TestTokens.signed(uid, deviceId, Instant.now().plusSeconds(3600));
    }

    private static String marker() {
        return UUID.randomUUID().toString();
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private URI managementUri(String path) {
        return URI.create("http://localhost:" + managementPort + path);
    }

    /**
     * One GET on the management port on the test's shared client, waiting at most 10 s; a stall fails with the
     * threads and the port's sockets (which side holds unread bytes).
     */
    private HttpResponse<String> management(String path) throws Exception {
        try {
            return http.send(HttpRequest.newBuilder(managementUri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException stalled) {
            throw new AssertionError("GET " + path + " on the management port: no answer within 10 s; sockets then:\n"
                    + sockets(managementPort) + "threads then:\n" + threadDump(), stalled);
        }
    }

    /** {@code ss -tni} of the connections to and from {@code port}: unread bytes show which side lost an answer. */
    private static String sockets(int port) {
        try {
            Process ss = new ProcessBuilder("ss", "-tni", "( sport = :" + port + " or dport = :" + port + " )")
                    .redirectErrorStream(true).start();
            return new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(ss: " + e + ")\n";
        }
    }

    /** Every thread of this JVM, stacks not cut at ThreadInfo's 8 frames. */
    private static String threadDump() {
        StringBuilder out = new StringBuilder();
        for (java.lang.management.ThreadInfo info
                : java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState())
                    .append(info.getLockName() == null ? "" : " on " + info.getLockName()).append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                out.append("\tat ").append(frame).append('\n');
            }
        }
        return out.toString();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(request(path, null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return PigeonJson.mapper().readTree(response.body());
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("type").asString()).isEqualTo("about:blank");
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    private static void assertUnauthorized(HttpResponse<String> response, String detailPart) {
        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(json(response).get("title").asString()).isEqualTo("Unauthorized");
        assertThat(json(response).get("detail").asString()).contains(detailPart);
    }

    /** Collects text frames and the close code of a JDK WebSocket. */
    static final class Frames implements WebSocket.Listener {

        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }

        String next() throws InterruptedException {
            String text = texts.poll(10, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("no frame within 10 s");
            }
            return text;
        }
    }
}
