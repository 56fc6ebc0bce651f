package io.pigeonim.connector.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import io.pigeonim.connector.session.Connection;
import io.pigeonim.connector.session.SessionRegistry;

class IdleConnectionSweeperTest {

    private final List<CloseStatus> closes = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Connection connection(String uid, long lastSeen) throws Exception {
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.isOpen()).thenReturn(true);
        doAnswer(inv -> closes.add(inv.getArgument(0))).when(session).close(any());
        return new Connection(1, uid, "d1", session, 1 << 20, lastSeen);
    }

    @Test
    void aConnectionSilentFor90SecondsIsClosedWith1000Idle() throws Exception {
        SessionRegistry sessions = new SessionRegistry();
        sessions.register(connection("quiet", 0));
        Connection chatty = connection("chatty", 0);
        chatty.touch(50_000);
        sessions.register(chatty);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(90_000), ZoneOffset.UTC);

        int closed = new IdleConnectionSweeper(sessions, clock, Duration.ofSeconds(90)).sweep();

        assertThat(closed).isEqualTo(1);
        // closes run on the closer thread
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(closes).containsExactly(new CloseStatus(1000, "idle")));
    }

    @Test
    void aConnectionWhoseTokenExpiredIsClosedWith1008AndOneWithoutExpiryIsNot() throws Exception {
        SessionRegistry sessions = new SessionRegistry();
        Connection expiring = connection("expiring", 60_000);
        expiring.expireAt(60_000);
        sessions.register(expiring);
        Connection later = connection("later", 60_000);
        later.expireAt(61_000);
        sessions.register(later);
        sessions.register(connection("through-the-gateway", 60_000));
        Clock clock = Clock.fixed(Instant.ofEpochMilli(60_000), ZoneOffset.UTC);

        int closed = new IdleConnectionSweeper(sessions, clock, Duration.ofSeconds(90)).sweep();

        assertThat(closed).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(closes).containsExactly(new CloseStatus(1008, "token expired")));
    }
}
