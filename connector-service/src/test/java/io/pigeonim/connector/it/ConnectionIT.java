package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.pigeonim.common.redis.RedisKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.connector.route.RouteRegistry;
import io.pigeonim.connector.ws.ConnectionRoutes;
import io.pigeonim.testsupport.TestSocket;
import io.pigeonim.testsupport.TestInfra;
import io.pigeonim.testsupport.TestTrust;

/** Upgrade, identity, routes in real Redis, replacement. */
class ConnectionIT extends ConnectorItSupport {

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    ConnectionRoutes connectionRoutes;

    @Autowired
    RouteRegistry routes;

    @Test
    void anUpgradeOfferingCompressionIsAcceptedWithoutIt() throws Exception {
        // what every browser offers; the JDK client cannot send the header, so the handshake is written by hand
        StringBuilder upgrade = new StringBuilder("GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
        TestTrust.identity(uid("deflate"), "d1", "GET", "/ws")
                .forEach((name, value) -> upgrade.append(name).append(": ").append(value).append("\r\n"));
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(upgrade.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            List<String> response = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                response.add(line.toLowerCase(Locale.ROOT));
            }
            assertThat(response.get(0)).startsWith("http/1.1 101");
            assertThat(response).noneMatch(line -> line.startsWith("sec-websocket-extensions"));
        }
    }

    @Test
    void anUpgradeWithoutIdentityHeadersIsRefusedWith401() {
        assertThatThrownBy(() -> TestSocket.open(connectorUri(port), Map.of(), "no identity").join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
        assertThatThrownBy(() -> TestSocket.open(connectorUri(port), Map.of(IdentityHeaders.UID, "alice"), "uid only").join())
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    }

    @Test
    void anUpgradeWithForgedIdentityHeadersIsRefusedWith401() {
        Map<String, String> signedForBob = TestTrust.identity("bob", "d1", "GET", "/ws");
        Map<String, String> forged = new HashMap<>(signedForBob);
        forged.put(IdentityHeaders.UID, "alice");
        Map<String, String> unsigned = Map.of(IdentityHeaders.UID, "alice", IdentityHeaders.DEVICE_ID, "d1");
        Map<String, String> otherPath = TestTrust.identity("alice", "d1", "GET", "/api/v1/groups");

        for (Map<String, String> headers : List.of(forged, unsigned, otherPath)) {
            assertThatThrownBy(() -> TestSocket.open(connectorUri(port), headers, "forged").join())
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                            .isEqualTo(401));
        }
        assertThat(redis.opsForHash().get(RedisKeys.route("alice"), "d1")).isNull();
    }

    @Test
    void theRouteIsInRedisOnceConnectedAndGoneAfterClose() {
        String alice = uid("alice");
        String key = RedisKeys.route(alice);
        TestSocket device = routed(alice);
        assertThat(redis.opsForHash().get(key, "d1")).isEqualTo(routes.connectorId());
        assertThat(redis.getExpire(key)).isPositive();
        assertThat(redis.opsForValue().get(RedisKeys.connector(routes.connectorId()))).startsWith("http://");

        device.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.opsForHash().get(key, "d1") == null);
    }

    @Test
    void probesAndMetricsAreExposed() throws Exception {
        try (TestSocket device = connect(uid("alice"), "d1")) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String base = "http://localhost:" + managementPort + "/actuator/";
            for (String probe : new String[] {"health/liveness", "health/readiness"}) {
                assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + probe)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "prometheus"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("application=\"connector-service\"", "pigeon_connector_connections", "pigeon_connector_sends_accepted_total",
                    "pigeon_connector_pushes_sent_total", "pigeon_connector_retransmits_total",
                    "pigeon_connector_acks_total", "pigeon_connector_closes_total{", "pigeon_connector_deliveries_abandoned_total",
                    "pigeon_connector_push_age_seconds_bucket");
        }
    }

    @Test
    void aSecondConnectionOfTheSameDeviceReplacesTheFirst() {
        String alice = uid("alice");
        TestSocket first = connect(alice, "d1");
        try (TestSocket second = connect(alice, "d1")) {
            TestSocket.Close close = first.awaitClose();
            assertThat(close.code()).isEqualTo(1000);
            assertThat(close.reason()).isEqualTo("replaced");
            second.send("{\"type\":\"ping\"}");
            assertThat(second.next()).isInstanceOf(ServerFrame.Pong.class);
            assertThat(redis.opsForHash().get(RedisKeys.route(alice), "d1")).isEqualTo(routes.connectorId());
        }
    }

    @Test
    void aDeviceThatConnectsToAnotherInstanceClosesItsOlderConnectionThere() {
        String alice = uid("alice");
        try (ConnectorInstance other = ConnectorInstance.start(TestInfra.kafkaBootstrapServers(), TOPIC,
                "--pigeon.connector.message-url=" + MESSAGE_SERVICE.url())) {
            TestSocket.Close close;
            TestSocket onOther = TestSocket.toConnector(other.port(), alice, "d1");
            onOther.send("{\"type\":\"ping\"}");
            assertThat(onOther.next()).isInstanceOf(ServerFrame.Pong.class);
            try (TestSocket here = connect(alice, "d1")) {
                close = onOther.awaitClose();
                here.send("{\"type\":\"ping\"}");
                assertThat(here.next()).isInstanceOf(ServerFrame.Pong.class);
                assertThat(redis.opsForHash().get(RedisKeys.route(alice), "d1")).isEqualTo(routes.connectorId());
            }
            assertThat(close.code()).isEqualTo(1000);
            assertThat(close.reason()).isEqualTo("replaced");
        }
    }

    @Test
    void aRouteRefreshNeverTakesBackARouteAnotherInstanceHoldsAndClosesTheStaleConnection() {
        String alice = uid("alice");
        String key = RedisKeys.route(alice);
        TestSocket stale = connect(alice, "d1");
        // the device connected elsewhere and the replacement notice was lost: only the route says so
        redis.opsForHash().put(key, "d1", "another-connector");

        connectionRoutes.refreshAll();

        TestSocket.Close close = stale.awaitClose();
        assertThat(close.code()).isEqualTo(1000);
        assertThat(close.reason()).isEqualTo("replaced");
        assertThat(redis.opsForHash().get(key, "d1")).isEqualTo("another-connector");
        redis.delete(key);
    }

    @Test
    void afterRedisLostItsDataTheNextHeartbeatWritesEveryRouteAgain() {
        String alice = uid("alice");
        String key = RedisKeys.route(alice);
        TestSocket device = routed(alice);

        // what a Redis restarted empty does to this instance's keys (the shared Redis itself is left alone)
        redis.delete(List.of(key, RedisKeys.connector(routes.connectorId())));

        // the heartbeat (every 2 s) finds its key gone and writes the routes of its open connections again
        await().atMost(Duration.ofSeconds(8))
                .until(() -> routes.connectorId().equals(redis.opsForHash().get(key, "d1")));
        assertThat(redis.opsForValue().get(RedisKeys.connector(routes.connectorId()))).startsWith("http://");
        assertThat(device.isClosed()).as("the device noticed nothing").isFalse();
        device.close();
    }

    /** Device d1 of {@code uid}, routed: PROTOCOL.md makes it reachable by pushes from the answer to its first ping. */
    private TestSocket routed(String uid) {
        TestSocket device = connect(uid, "d1");
        device.send("{\"type\":\"ping\"}");
        assertThat(device.next()).isInstanceOf(ServerFrame.Pong.class);
        return device;
    }

    private static URI connectorUri(int port) {
        return URI.create("ws://localhost:" + port + "/ws");
    }
}
