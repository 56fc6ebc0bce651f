package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.pigeonim.common.redis.RedisKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.connector.route.RouteRegistry;
import io.pigeonim.testsupport.TestSocket;
import io.pigeonim.testsupport.TestInfra;

/**
 * An instance of its own, whose Kafka bootstrap address answers nothing, with a short idle timeout,
 * and which this test shuts down: unreachable uplink, idle close, graceful shutdown.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IsolatedInstanceIT {

    private static final Duration CLOSE_SPREAD = Duration.ofSeconds(1);
    private static ConfigurableApplicationContext app;
    private static int port;
    /** Our own Redis client: the instance's is closed with it. */
    private static LettuceConnectionFactory redisFactory;
    private static StringRedisTemplate redis;

    @BeforeAll
    static void start() throws Exception {
        int deadPort = TestInfra.freePort();
        ConnectorInstance connector = ConnectorInstance.start("127.0.0.1:" + deadPort,
                "it.isolated." + java.util.UUID.randomUUID(),
                "--spring.kafka.producer.properties.max.block.ms=1000",
                "--pigeon.connector.ws.idle-timeout=2s",
                "--pigeon.connector.ws.idle-check-interval=200ms",
                "--pigeon.connector.ws.close-spread=" + CLOSE_SPREAD.toMillis() + "ms");
        app = connector.app();
        port = connector.port();
        redisFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestInfra.redisHost(),
                TestInfra.redisPort()));
        redisFactory.afterPropertiesSet();
        redis = new StringRedisTemplate(redisFactory);
    }

    @AfterAll
    static void stop() {
        if (app != null && app.isActive()) {
            app.close();
        }
        if (redisFactory != null) {
            redisFactory.destroy();
        }
    }

    private static TestSocket connect(String uid) {
        TestSocket client = TestSocket.toConnector(port, uid, "d1");
        client.send("{\"type\":\"ping\"}");
        assertThat(client.next()).isInstanceOf(ServerFrame.Pong.class);
        return client;
    }

    @Test
    @Order(1)
    void anUnreachableBrokerIsUnavailableWithoutUsingTheClientIdAndTheConnectionStaysOpen() {
        String alice = ConnectorItSupport.uid("alice");
        String conversation = ConversationId.direct(alice, ConnectorItSupport.uid("bob")).value();
        try (TestSocket device = connect(alice)) {
            device.sendMessage(1, "m-1", conversation, "hello");
            ServerFrame.Error first = (ServerFrame.Error) device.next();
            assertThat(first.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(first.clientId()).isEqualTo(1L);

            // the outage is now known: refused at once, and clientId 1 is still the next one
            device.sendMessage(1, "m-1", conversation, "hello");
            ServerFrame.Error second = (ServerFrame.Error) device.next(Duration.ofMillis(500));
            assertThat(second.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            device.send("{\"type\":\"ping\"}");
            assertThat(device.next()).isInstanceOf(ServerFrame.Pong.class);
        }
    }

    @Test
    @Order(2)
    void aSilentConnectionIsClosedWith1000Idle() {
        try (TestSocket device = connect(ConnectorItSupport.uid("alice"))) {
            TestSocket.Close close = device.awaitClose();
            assertThat(close.code()).isEqualTo(1000);
            assertThat(close.reason()).isEqualTo("idle");
        }
    }

    @Test
    @Order(3)
    void shutdownClosesConnectionsWith1012SpreadOverTheCloseSpreadAndRemovesTheirRoutes() {
        String alice = ConnectorItSupport.uid("alice");
        String connectorId = app.getBean(RouteRegistry.class).connectorId();
        TestSocket device = connect(alice);
        List<TestSocket> others = List.of(connect(ConnectorItSupport.uid("bob")), connect(ConnectorItSupport.uid("carol")),
                connect(ConnectorItSupport.uid("dave")));
        assertThat(redis.opsForHash().get(RedisKeys.route(alice), "d1")).isEqualTo(connectorId);
        List<CompletableFuture<Long>> closedAt = new ArrayList<>();
        for (TestSocket client : others) {
            closedAt.add(CompletableFuture.supplyAsync(() -> {
                assertThat(client.awaitClose().code()).isEqualTo(1012);
                return System.nanoTime();
            }));
        }

        app.close();

        assertThat(device.awaitClose().code()).isEqualTo(1012);
        List<Long> times = closedAt.stream().map(CompletableFuture::join).sorted().toList();
        // four connections over 1 s: one close every 250 ms, the last one 750 ms after the first
        assertThat(Duration.ofNanos(times.get(times.size() - 1) - times.get(0)))
                .isGreaterThan(CLOSE_SPREAD.dividedBy(4));
        assertThat(redis.opsForHash().get(RedisKeys.route(alice), "d1")).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> !redis.hasKey(RedisKeys.connector(connectorId)));
    }
}
