package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.connector.route.RouteRegistry;
import io.pigeonim.testsupport.TestInfra;
import io.pigeonim.testsupport.TestSocket;
import io.pigeonim.testsupport.TestTokens;
import io.pigeonim.testsupport.TestTrust;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connector that devices reach straight from the load balancer (ADR 0017, {@code authentication: token}): it
 * checks the client's JWT as the gateway would (PROTOCOL.md §1), takes identity only from it, still takes an
 * upgrade the gateway proxied and signed, and closes a connection when its token expires.
 */
class TokenUpgradeIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ConnectorInstance connector;

    @BeforeAll
    static void start() {
        connector = ConnectorInstance.start(TestInfra.kafkaBootstrapServers(), "it.token." + UUID.randomUUID(),
                "--pigeon.connector.ws.authentication=token", "--pigeon.connector.ws.jwt.secret=" + TestTokens.SECRET,
                "--pigeon.connector.ws.idle-check-interval=200ms");
    }

    @AfterAll
    static void stop() {
        if (connector != null) {
            connector.close();
        }
    }

    @Test
    void aTokenInTheQueryOrTheAuthorizationHeaderOpensAConnectionForItsIdentity() {
        String alice = uid("alice");
        try (TestSocket byQuery = TestSocket.open(wsUri("?token=" + token(alice, "phone", 600)), Map.of(),
                alice + "/phone").orTimeout(10, TimeUnit.SECONDS).join();
                TestSocket byHeader = TestSocket.open(wsUri(""),
                        Map.of("Authorization", "Bearer " + token(alice, "laptop", 600)), alice + "/laptop")
                        .orTimeout(10, TimeUnit.SECONDS).join()) {
            for (TestSocket socket : new TestSocket[] {byQuery, byHeader}) {
                socket.send("{\"type\":\"ping\"}");
                assertThat(socket.next()).isInstanceOf(ServerFrame.Pong.class);
            }
            assertThat(routes().devices(alice)).containsExactlyInAnyOrder("phone", "laptop");
        }
    }

    @Test
    void identityHeadersBesideATokenAreIgnored() {
        String alice = uid("alice");
        String mallory = uid("mallory");
        Map<String, String> claimed = Map.of(IdentityHeaders.UID, alice, IdentityHeaders.DEVICE_ID, "phone");
        try (TestSocket socket = TestSocket.open(wsUri("?token=" + token(mallory, "m1", 600)), claimed, mallory)
                .orTimeout(10, TimeUnit.SECONDS).join()) {
            socket.send("{\"type\":\"ping\"}");
            assertThat(socket.next()).isInstanceOf(ServerFrame.Pong.class);
            assertThat(routes().devices(mallory)).containsExactly("m1");
            assertThat(routes().devices(alice)).as("a header claims nothing").isEmpty();
        }
    }

    @Test
    void missingForgedAndExpiredTokensAreRefused401WithAProblem() throws Exception {
        String bob = uid("bob");
        double before = rejected("missing") + rejected("invalid") + rejected("expired");
        String forged = TestTokens.signed("another-secret-of-at-least-32-bytes-long!!",
                TestTokens.claims(bob, "d1", Instant.now().plusSeconds(600)).build());
        Map<String, String> unsigned = Map.of(IdentityHeaders.UID, bob, IdentityHeaders.DEVICE_ID, "d1");
        Map<String, String> badAssertion = new HashMap<>(TestTrust.identity(bob, "d1", "GET", "/ws"));
        badAssertion.put(IdentityHeaders.UID, uid("eve"));

        assertThat(TestSocket.upgradeStatus(wsUri(""), Map.of())).isEqualTo(401);
        assertThat(TestSocket.upgradeStatus(wsUri("?token=" + forged), Map.of())).isEqualTo(401);
        assertThat(TestSocket.upgradeStatus(wsUri("?token=" + token(bob, "d1", -120)), Map.of())).isEqualTo(401);
        assertThat(TestSocket.upgradeStatus(wsUri(""), Map.of("Authorization", "Basic Ym9iOnB3"))).isEqualTo(401);
        assertThat(TestSocket.upgradeStatus(wsUri(""), unsigned)).as("identity headers without the gateway's assertion")
                .isEqualTo(401);
        assertThat(TestSocket.upgradeStatus(wsUri(""), badAssertion)).as("an assertion for another identity")
                .isEqualTo(401);
        assertThat(routes().devices(bob)).isEmpty();
        assertThat(rejected("missing") + rejected("invalid") + rejected("expired") - before).isEqualTo(6);

        HttpResponse<String> missing = get("", Map.of());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = PigeonJson.mapper().readTree(missing.body());
        assertThat(problem.path("code").asString()).isEqualTo("UNAUTHORIZED");
        assertThat(problem.path("detail").asString()).contains("no token");
        HttpResponse<String> expired = get("?token=" + token(bob, "d1", -120), Map.of());
        assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(PigeonJson.mapper().readTree(expired.body()).path("detail").asString()).contains("expired");
    }

    @Test
    void anUpgradeTheGatewaySignedStillPasses() {
        String carol = uid("carol");
        try (TestSocket socket = TestSocket.toConnector(connector.port(), carol, "d1")) {
            socket.send("{\"type\":\"ping\"}");
            assertThat(socket.next()).isInstanceOf(ServerFrame.Pong.class);
            assertThat(routes().devices(carol)).containsExactly("d1");
        }
    }

    @Test
    void aConnectionClosesWith1008WhenItsTokenExpires() {
        String dave = uid("dave");
        TestSocket socket = TestSocket.open(wsUri("?token=" + token(dave, "d1", 2)), Map.of(), dave)
                .orTimeout(10, TimeUnit.SECONDS).join();
        socket.send("{\"type\":\"ping\"}");
        assertThat(socket.next()).isInstanceOf(ServerFrame.Pong.class);

        TestSocket.Close close = socket.awaitClose();

        assertThat(close.code()).isEqualTo(1008);
        assertThat(close.reason()).isEqualTo("token expired");
        await().atMost(Duration.ofSeconds(5)).until(() -> routes().devices(dave).isEmpty());
    }

    private static String token(String uid, String deviceId, long secondsLeft) {
        return TestTokens.signed(uid, deviceId, Instant.now().plusSeconds(secondsLeft));
    }

    private static URI wsUri(String query) {
        return URI.create("ws://localhost:" + connector.port() + "/ws" + query);
    }

    private static HttpResponse<String> get(String query, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + connector.port()
                + "/ws" + query)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static RouteRegistry routes() {
        return connector.app().getBean(RouteRegistry.class);
    }

    private static double rejected(String reason) {
        return connector.app().getBean(MeterRegistry.class).counter("pigeon.connector.tokens.rejected", "reason",
                reason).count();
    }

    private static String uid(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
