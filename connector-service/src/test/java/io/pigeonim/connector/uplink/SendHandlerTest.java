package io.pigeonim.connector.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.limit.RateLimiter;
import io.pigeonim.common.trace.Traces;
import io.pigeonim.connector.session.Connection;
import io.pigeonim.connector.session.TestConnections;

class SendHandlerTest {

    private final List<ServerFrame> written = new ArrayList<>();
    private final List<CloseStatus> closes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> publishes = new ArrayList<>();
    private final List<UplinkMessage> published = new ArrayList<>();
    private boolean available = true;
    private Connection connection;
    private final SendLedger ledger = new SendLedger(16, 8);
    private SendHandler handler;

    private final UplinkPublisher publisher = new UplinkPublisher() {
        @Override
        public boolean available() {
            return available;
        }

        @Override
        public CompletableFuture<Void> publish(UplinkMessage message) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            published.add(message);
            publishes.add(f);
            return f;
        }

        @Override
        public void flush() {
        }
    };

    /** One-to-one conversations only, decided from the id, as the real access does for them. */
    private static final ConversationAccess ONE_TO_ONE = (uid, conversation) -> CompletableFuture.completedFuture(
            conversation.hasMember(uid) ? null : new ConversationAccess.Refusal(ErrorCode.FORBIDDEN, "not a member"));

    @BeforeEach
    void setUp() throws Exception {
        WebSocketSession session = TestConnections.recordingSession(written);
        doAnswer(inv -> closes.add(inv.getArgument(0))).when(session).close(any());
        connection = TestConnections.connection("alice", session);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_763_800_000_000L), ZoneOffset.UTC);
        handler = new SendHandler(ONE_TO_ONE, new RateLimiter(200, 500, System::nanoTime),
                publisher, Runnable::run, clock, new SimpleMeterRegistry(), Traces.OFF);
    }

    private static ClientFrame.Send send(long clientId, String clientMsgId) {
        return new ClientFrame.Send(clientId, clientMsgId, "p:alice:bob", "text", "hi " + clientId);
    }

    private static ServerFrame.SendAck ack(long clientId, String clientMsgId) {
        return new ServerFrame.SendAck(clientId, clientMsgId, MessageIds.of("alice", clientMsgId), "p:alice:bob");
    }

    @Test
    void sendAcksWaitForTheBrokerAndLeaveInClientIdOrder() {
        handler.handle(connection, ledger, send(1, "m1"));
        handler.handle(connection, ledger, send(2, "m2"));
        handler.handle(connection, ledger, send(3, "m3"));
        assertThat(written).isEmpty();

        publishes.get(2).complete(null);
        publishes.get(1).complete(null);
        assertThat(written).isEmpty();
        publishes.get(0).complete(null);

        assertThat(written).containsExactly(ack(1, "m1"), ack(2, "m2"), ack(3, "m3"));
        assertThat(published).extracting(UplinkMessage::sendTime).containsOnly(1_763_800_000_000L);
        assertThat(published).extracting(UplinkMessage::senderDeviceId).containsOnly("d1");
    }

    @Test
    void aResendInFlightIsAnsweredAfterItsOriginalAndNothingIsPublishedAgain() {
        handler.handle(connection, ledger, send(1, "m1"));
        handler.handle(connection, ledger, send(1, "m1"));
        assertThat(published).hasSize(1);
        assertThat(written).isEmpty();

        publishes.get(0).complete(null);
        assertThat(written).containsExactly(ack(1, "m1"), ack(1, "m1"));
    }

    @Test
    void aFailedPublishIsNeverAcknowledgedAndClosesWith1013() {
        handler.handle(connection, ledger, send(1, "m1"));
        handler.handle(connection, ledger, send(2, "m2"));
        publishes.get(1).complete(null);
        publishes.get(0).completeExceptionally(new UplinkUnavailableException("down", null));

        assertThat(written).singleElement().isInstanceOfSatisfying(ServerFrame.Error.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.clientId()).isEqualTo(1L);
            assertThat(e.clientMsgId()).isEqualTo("m1");
        });
        // closes run on the closer thread
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(closes).extracting(CloseStatus::getCode).containsExactly(1013));
    }

    @Test
    void aKnownOutageIsUnavailableWithoutUsingTheClientId() {
        available = false;
        handler.handle(connection, ledger, send(1, "m1"));
        assertThat(written).singleElement().isInstanceOfSatisfying(ServerFrame.Error.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThat(published).isEmpty();
        assertThat(closes).isEmpty();

        available = true;
        handler.handle(connection, ledger, send(1, "m1"));
        publishes.get(0).complete(null);
        assertThat(written).last().isEqualTo(ack(1, "m1"));
    }

    @Test
    void aRateLimitedSendDoesNotUseItsClientId() {
        handler = new SendHandler(ONE_TO_ONE, new RateLimiter(1, 1, () -> 0L),
                publisher, Runnable::run, Clock.systemUTC(), new SimpleMeterRegistry(), Traces.OFF);
        handler.handle(connection, ledger, send(1, "m1"));
        handler.handle(connection, ledger, send(2, "m2"));
        assertThat(written).singleElement().isInstanceOfSatisfying(ServerFrame.Error.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.clientId()).isEqualTo(2L);
        });
        assertThat(ledger.max()).isEqualTo(1);
    }

    @Test
    void theRateTokenIsTakenBeforeAnyMembershipLookup() {
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        ConversationAccess counting = (uid, conversation) -> {
            lookups.incrementAndGet();
            return CompletableFuture.completedFuture(new ConversationAccess.Refusal(ErrorCode.FORBIDDEN, "not a member"));
        };
        handler = new SendHandler(counting, new RateLimiter(1, 1, () -> 0L),
                publisher, Runnable::run, Clock.systemUTC(), new SimpleMeterRegistry(), Traces.OFF);
        for (int i = 0; i < 100; i++) {
            handler.handle(connection, ledger, send(1, "m" + i));
        }
        assertThat(lookups).hasValue(1);
        assertThat(written).filteredOn(f -> f instanceof ServerFrame.Error e && e.code() == ErrorCode.RATE_LIMITED)
                .hasSize(99);
    }

    @Test
    void aCheckAnsweredLaterHoldsTheConnectionsNextSendsAndThenHandlesThemInOrder() {
        CompletableFuture<ConversationAccess.Refusal> asked = new CompletableFuture<>();
        handler = handlerWith(firstAnsweredBy(asked));
        handler.handle(connection, ledger, send(1, "m1"));
        handler.handle(connection, ledger, send(2, "m2"));
        handler.handle(connection, ledger, send(3, "m3"));
        assertThat(published).as("nothing while message-service is asked").isEmpty();

        asked.complete(null);
        assertThat(published).extracting(UplinkMessage::clientMsgId).containsExactly("m1", "m2", "m3");
        publishes.forEach(p -> p.complete(null));
        assertThat(written).containsExactly(ack(1, "m1"), ack(2, "m2"), ack(3, "m3"));

        handler.handle(connection, ledger, send(4, "m4"));
        assertThat(published).as("handled at once again").hasSize(4);
    }

    @Test
    void aRefusalAnsweredLaterLeavesTheClientIdUnusedForTheSendsThatWaited() {
        CompletableFuture<ConversationAccess.Refusal> asked = new CompletableFuture<>();
        handler = handlerWith(firstAnsweredBy(asked));
        handler.handle(connection, ledger, send(1, "m1"));
        handler.handle(connection, ledger, send(2, "m2"));

        asked.complete(new ConversationAccess.Refusal(ErrorCode.FORBIDDEN, "not a member"));
        assertThat(published).isEmpty();
        assertThat(written).extracting(f -> ((ServerFrame.Error) f).code())
                .containsExactly(ErrorCode.FORBIDDEN, ErrorCode.OUT_OF_ORDER);
    }

    /** Access that answers its first check with {@code first}, every later one at once (allowed). */
    private static ConversationAccess firstAnsweredBy(CompletableFuture<ConversationAccess.Refusal> first) {
        java.util.concurrent.atomic.AtomicBoolean asked = new java.util.concurrent.atomic.AtomicBoolean();
        return (uid, conversation) -> asked.getAndSet(true) ? CompletableFuture.completedFuture(null) : first;
    }

    private SendHandler handlerWith(ConversationAccess access) {
        return new SendHandler(access, new RateLimiter(200, 500, System::nanoTime), publisher, Runnable::run,
                Clock.systemUTC(), new SimpleMeterRegistry(), Traces.OFF);
    }
}
