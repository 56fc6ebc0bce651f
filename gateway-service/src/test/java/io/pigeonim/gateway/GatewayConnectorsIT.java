package io.pigeonim.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.pigeonim.gateway.route.WebSocketBudget;
import io.pigeonim.testsupport.TestTokens;

/**
 * The gateway in front of several connector instances (CONNECTOR_URLS), one of them down: upgrades are
 * spread over the live ones and none fails because of the dead one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pigeon.gateway.jwt.secret=" + TestTokens.SECRET)
class GatewayConnectorsIT {

    private static final StandInUpstream FIRST = StandInUpstream.start("connector-1");
    private static final StandInUpstream SECOND = StandInUpstream.start("connector-2");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    WebSocketBudget budget;

    @DynamicPropertySource
    static void connectors(DynamicPropertyRegistry registry) throws IOException {
        int dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = socket.getLocalPort();
        }
        String deadUrl = "http://127.0.0.1:" + dead;
        // the route's own URI is dead too: only the pool may be used
        registry.add("CONNECTOR_URL", () -> "ws://127.0.0.1:" + dead);
        registry.add("CONNECTOR_URLS", () -> FIRST.httpUrl() + "," + deadUrl + ", " + SECOND.httpUrl());
        registry.add("pigeon.gateway.websockets.max-sessions", () -> "7");
    }

    @AfterAll
    static void stopUpstreams() {
        FIRST.close();
        SECOND.close();
    }

    @Test
    void upgradesGoRoundRobinOverTheLiveInstancesAndSkipADeadOne() throws Exception {
        FIRST.clear();
        SECOND.clear();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sockets.add(upgrade("alice", "d" + i));
        }

        List<String> first = devices(FIRST);
        List<String> second = devices(SECOND);
        assertThat(first.size() + second.size()).isEqualTo(6);
        // three instances in turn, the dead one passing its turn on to the next: 4 + 2 or 2 + 4, never 6 + 0
        assertThat(first).hasSizeBetween(2, 4);
        assertThat(second).hasSizeBetween(2, 4);
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anInstanceAtItsBudgetIsSkippedAndWhenAllAreTheClientIsToldToRetryLater() throws Exception {
        FIRST.clear();
        SECOND.clear();
        FIRST.full(true);
        try {
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sockets.add(upgrade("bob", "d" + i));
            }
            assertThat(devices(SECOND)).as("every upgrade fell through to the instance with room").hasSize(3);
            for (WebSocket socket : sockets) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            }

            SECOND.full(true);
            List<HttpResponse<?>> refusals = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String token = TestTokens.signed("bob", "e" + i, Instant.now().plusSeconds(3600));
                Throwable refused = catchThrowable(() -> http.newWebSocketBuilder()
                        .buildAsync(URI.create("ws://localhost:" + port + "/ws?token=" + token),
                                new GatewayIT.Frames()).get(10, TimeUnit.SECONDS));
                assertThat(refused).hasCauseInstanceOf(WebSocketHandshakeException.class);
                refusals.add(((WebSocketHandshakeException) refused.getCause()).getResponse());
            }
            assertThat(refusals).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(503));
            // the pool's turn moves on, so some attempt ends on a full instance rather than on the dead one
            assertThat(refusals).anySatisfy(r -> assertThat(r.headers().firstValue("Retry-After")).hasValue("7"));
        } finally {
            FIRST.full(false);
            SECOND.full(false);
        }
    }

    @Test
    void pastItsOwnBudgetTheGatewayRefusesUpgradesWithRetryAfterAndAdmitsAgainOnceOneCloses() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.open() == 0);
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sockets.add(upgrade("carol", "d" + i));
        }

        Throwable refused = catchThrowable(() -> upgrade("carol", "d7"));

        assertThat(refused).hasCauseInstanceOf(WebSocketHandshakeException.class);
        HttpResponse<?> answer = ((WebSocketHandshakeException) refused.getCause()).getResponse();
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        sockets.get(0).sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.open() == 6);
        sockets.set(0, upgrade("carol", "d8"));
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    /** A WebSocket through the gateway, once the upstream said hello. */
    private WebSocket upgrade(String uid, String deviceId) throws Exception {
        GatewayIT.Frames frames = new GatewayIT.Frames();
        String token = TestTokens.signed(uid, deviceId, Instant.now().plusSeconds(3600));
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws?token=" + token), frames)
                .get(10, TimeUnit.SECONDS);
        assertThat(frames.next()).isEqualTo("hello");
        return socket;
    }

    /** Device ids of the upgrades {@code upstream} saw (each was seen before its "hello" came back). */
    private static List<String> devices(StandInUpstream upstream) {
        return upstream.seenWith("/ws").stream().map(seen -> seen.headers().get("X-Pigeon-Device-Id")).toList();
    }
}
