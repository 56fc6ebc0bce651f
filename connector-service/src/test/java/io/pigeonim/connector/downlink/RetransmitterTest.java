package io.pigeonim.connector.downlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.connector.session.Connection;
import io.pigeonim.connector.session.SessionRegistry;

class RetransmitterTest {

    private final AtomicLong now = new AtomicLong(0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final List<Long> sentAt = new ArrayList<>();
    private final TimingWheel wheel = new TimingWheel(64, 100, Runnable::run, now::get);
    private final RetransmitSchedule schedule = new RetransmitSchedule(Duration.ofSeconds(5), 2,
            Duration.ofSeconds(60), 5);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Connection connection;
    private PushDispatcher dispatcher;
    private final DeliveryWindows windows = new DeliveryWindows(4, 4);

    @BeforeEach
    void setUp() throws Exception {
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.isOpen()).thenReturn(true);
        doAnswer(inv -> {
            FrameCodec.decodeServer(((TextMessage) inv.getArgument(0)).getPayload());
            return sentAt.add(now.get());
        }).when(session).sendMessage(any());
        connection = new Connection(1, "bob", "d1", session, 1 << 20, 0);
        SessionRegistry sessions = new SessionRegistry();
        sessions.register(connection);
        Retransmitter retransmitter = new Retransmitter(wheel, schedule, clock, meters.counter("r"),
                meters.counter("abandoned"));
        dispatcher = new PushDispatcher(sessions, windows, retransmitter, meters.counter("p"), meters.counter("late"),
                meters.timer("age"), now::get);
    }

    private void runFor(long millis) {
        long end = now.get() + millis;
        while (now.get() < end) {
            now.addAndGet(100);
            wheel.advance();
        }
    }

    private void push(long seq) {
        ServerFrame.MessageFrame m = new StoredMessage("m" + seq, "p:alice:bob", seq, "alice", "c", "text",
                "x", 1).frame();
        dispatcher.push(new PushRequest(List.of(new PushRequest.Push(List.of("bob"), m))));
    }

    @Test
    void theScheduleBacksOffFrom5SecondsAndIsCapped() {
        assertThat(List.of(0, 1, 2, 3, 4, 5).stream().map(n -> schedule.delayMillis(n, 0)))
                .containsExactly(5_000L, 10_000L, 20_000L, 40_000L, 60_000L, 60_000L);
    }

    @Test
    void anUnacknowledgedMessageIsSentAgainWithBackoffAtMostFiveTimes() {
        push(1);
        runFor(400_000);
        // pushed at 0, then +5, +10, +20, +40, +60 s
        assertThat(sentAt).containsExactly(0L, 5_000L, 15_000L, 35_000L, 75_000L, 135_000L);
        assertThat(windows.existing(connection).size()).isZero();
        assertThat(wheel.pending()).isZero();
        assertThat(meters.counter("r").count()).isEqualTo(5);
        assertThat(meters.counter("abandoned").count()).isEqualTo(1);
    }

    @Test
    void anAckStopsTheRetransmissions() {
        push(1);
        runFor(6_000);
        dispatcher.read(connection, List.of(new AckEntry("p:alice:bob", 1L)), now.get());
        runFor(200_000);
        assertThat(sentAt).containsExactly(0L, 5_000L);
        assertThat(meters.counter("abandoned").count()).isZero();
    }

    @Test
    void oneTimerServesAllMessagesOfAConnection() {
        push(1);
        push(2);
        push(3);
        assertThat(wheel.pending()).isEqualTo(1);
        runFor(5_000);
        assertThat(sentAt).hasSize(6);
        assertThat(wheel.pending()).isEqualTo(1);
    }

    @Test
    void aConnectionWhoseAcksAreSlowButComeIsResentToLater() {
        // the device's acks take 8 s: the path is slow (a loaded gateway or device), not lossy
        push(1);
        runFor(4_000);
        assertThat(sentAt).hasSize(1);
        runFor(1_000);
        assertThat(sentAt).as("the first frame has only the 5 s floor").containsExactly(0L, 5_000L);
        push(2);
        runFor(3_000);
        dispatcher.read(connection, List.of(new AckEntry("p:alice:bob", 2L)), now.get());
        // a sample of 3 s from frame 2 (frame 1 was resent, no sample): SRTT 3 s, RTTVAR 1.5 s, timeout 9 s
        assertThat(windows.existing(connection).ackTimeoutMillis()).isEqualTo(9_000);

        long pushedAt = now.get();
        push(3);
        runFor(8_900);
        // pushes of 1, 2 and 3 and the resend of 1
        assertThat(sentAt).as("3 not resent at 5 s").hasSize(4);
        runFor(200);
        assertThat(sentAt).hasSize(5);
        assertThat(sentAt.get(4) - pushedAt).isBetween(9_000L, 9_100L);
        assertThat(schedule.delayMillis(1, 9_000)).as("and the backoff starts from it").isEqualTo(18_000);
    }
}
