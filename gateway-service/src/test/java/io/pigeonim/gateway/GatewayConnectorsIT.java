package io.pigeonim.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway in front of several connector instances (CONNECTOR_URLS), one of them down: upgrades are
 * spread over the live ones and none fails because of the dead one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pigeon.gateway.jwt.secret=" + TestTokens.SECRET)
class GatewayConnectorsIT {

    private static final StubUpstream FIRST = StubUpstream.start("connector-1");
    private static final StubUpstream SECOND = StubUpstream.start("connector-2");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

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
            GatewayIT.Frames frames = new GatewayIT.Frames();
            String token = TestTokens.signed("alice", "d" + i, Instant.now().plusSeconds(3600));
            sockets.add(http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://localhost:" + port + "/ws?token=" + token), frames)
                    .get(10, TimeUnit.SECONDS));
            assertThat(frames.next()).isEqualTo("hello");
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

    /** Device ids of the upgrades {@code upstream} saw (each was seen before its "hello" came back). */
    private static List<String> devices(StubUpstream upstream) {
        return upstream.seenWith("/ws").stream().map(seen -> seen.headers().get("X-Pigeon-Device-Id")).toList();
    }
}
