package io.pigeonim.connector.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;

import io.pigeonim.common.http.InternalClient;
import io.pigeonim.common.trust.ServiceTrust;
import io.pigeonim.common.trust.TrustKeys;
import io.pigeonim.testsupport.TestClock;

/** {@link ReplacementNotifier} against a real HTTP server and a port nothing listens on; the liveness keys' URLs stubbed. */
class ReplacementNotifierTest {

    private static final ServiceTrust TRUST = new ServiceTrust(TrustKeys.parse(TrustKeys.DEVELOPMENT_SPEC), true,
            "connector-service", Clock.systemUTC());

    private final AtomicInteger notices = new AtomicInteger();
    private final RouteRegistry routes = mock(RouteRegistry.class);
    private final TestClock clock = new TestClock(Instant.parse("2026-12-03T10:00:00Z"));
    private volatile int status = 204;
    private HttpServer live;
    private InternalClient http;
    private ReplacementNotifier notifier;

    @BeforeEach
    void setUp() throws IOException {
        live = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        live.createContext("/internal/v1/connections/replaced", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            notices.incrementAndGet();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        live.start();
        when(routes.urlOf("alive")).thenReturn("http://127.0.0.1:" + live.getAddress().getPort());
        when(routes.urlOf("dead")).thenReturn("http://127.0.0.1:" + freePort());
        http = InternalClient.builder(RestClient.builder().messageConverters(converters -> converters.add(0,
                new JacksonJsonHttpMessageConverter()))).name("test").trust(TRUST).threads(2).build();
        notifier = new ReplacementNotifier(routes, http, clock);
    }

    @AfterEach
    void tearDown() {
        http.close();
        live.stop(0);
    }

    @Test
    void everyNoticeReachesALiveInstance() {
        for (int i = 0; i < 5; i++) {
            notifier.replaced("alive", "alice", "d" + i);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> notices.get() == 5);
        assertThat(notifier.held("alive")).isFalse();
    }

    @Test
    void anInstanceThatDidNotAnswerGetsNoNoticeForTheHoldThenOneMore() {
        notifier.replaced("dead", "alice", "d0");
        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.held("dead"));
        verify(routes, times(1)).urlOf("dead");

        for (int i = 1; i <= 1_000; i++) {
            notifier.replaced("dead", "alice", "d" + i);
        }
        // no Redis read, no call while held
        verify(routes, times(1)).urlOf("dead");

        notifier.replaced("alive", "bob", "d1");
        await().atMost(Duration.ofSeconds(10)).until(() -> notices.get() == 1);

        clock.advance(ReplacementNotifier.HOLD);
        assertThat(notifier.held("dead")).isFalse();
        notifier.replaced("dead", "alice", "d1001");
        verify(routes, times(2)).urlOf("dead");
        await().atMost(Duration.ofSeconds(10)).until(() -> notifier.held("dead"));
    }

    @Test
    void anHttpErrorIsAnAnswerAndHoldsNothing() {
        status = 500;
        notifier.replaced("alive", "alice", "d1");
        await().atMost(Duration.ofSeconds(10)).until(() -> notices.get() == 1);
        notifier.replaced("alive", "alice", "d2");

        await().atMost(Duration.ofSeconds(10)).until(() -> notices.get() == 2);
        assertThat(notifier.held("alive")).isFalse();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
