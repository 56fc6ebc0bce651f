package io.pigeonim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.pigeonim.client.store.InMemoryClientStore;
import io.pigeonim.client.store.StoredSend;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.testsupport.TestClock;

class OutboxTest {

    private static final String CONV = "p:alice:bob";

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final InMemoryClientStore store = new InMemoryClientStore();
    private final List<SendUpdate> updates = new ArrayList<>();
    private final List<ClientFrame.Send> wire = new ArrayList<>();
    private int reconnects;
    private final ClientOptions options = ClientOptions.defaults().withSends(Duration.ofSeconds(5), Duration.ofSeconds(60), 3);
    private final Outbox outbox = new Outbox(options, clock, store, updates::add,
            new DeliveryTracker("alice", 100, updates::add), () -> reconnects++);

    @Test
    void sendsAreNumberedPerConnectionWithinTheWindowAndConfirmedBySendAck() {
        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        List<CompletableFuture<SendResult>> sent = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            sent.add(outbox.submit(message("m" + i)));
        }
        assertThat(ids()).containsExactly("1:m1", "2:m2", "3:m3");
        assertThat(store.load().pendingSends()).hasSize(4);

        outbox.onSendAck(new ServerFrame.SendAck(1, "m1", "id-1", CONV));

        assertThat(sent.get(0)).isCompletedWithValue(new SendResult("m1", CONV, "id-1"));
        assertThat(ids()).containsExactly("1:m1", "2:m2", "3:m3", "4:m4");
        assertThat(store.load().pendingSends()).extracting(s -> s.message().clientMsgId()).containsExactly("m2", "m3", "m4");
        assertThat(updates).extracting(SendUpdate::clientMsgId, SendUpdate::state).contains(
                org.assertj.core.groups.Tuple.tuple("m1", MessageState.SENDING),
                org.assertj.core.groups.Tuple.tuple("m1", MessageState.SENT));
    }

    @Test
    void outOfOrderResendsFromTheExpectedClientIdWithTheSameClientMsgIds() {
        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        outbox.submit(message("m1"));
        outbox.submit(message("m2"));
        outbox.submit(message("m3"));
        wire.clear();

        // m1 was lost on the way: the server refuses m2 (and m3) and expects 1
        outbox.onError(outOfOrder(2, "m2", 1));
        outbox.onError(outOfOrder(3, "m3", 1));

        assertThat(ids()).containsExactly("1:m1", "2:m2", "3:m3");
    }

    @Test
    void aSendWithoutAnswerIsResentAfterTheTimeoutAndEverythingUnconfirmedGoesOutAgainOnReconnect() {
        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        outbox.submit(message("m1"));
        outbox.submit(message("m2"));
        outbox.onSendAck(new ServerFrame.SendAck(1, "m1", "id-1", CONV));
        wire.clear();

        clock.advance(Duration.ofSeconds(6));
        outbox.tick();
        assertThat(ids()).containsExactly("2:m2");

        outbox.disconnected();
        outbox.submit(message("m3"));
        wire.clear();
        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        assertThat(ids()).containsExactly("1:m2", "2:m3");
    }

    @Test
    void aPermanentRefusalFailsThatMessageAndMovesTheLaterOnesDownToTheUnusedClientId() {
        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        CompletableFuture<SendResult> first = outbox.submit(message("m1"));
        outbox.submit(message("m2"));
        wire.clear();

        outbox.onError(new ServerFrame.Error(ErrorCode.FORBIDDEN, "not a member", 1L, null, "m1"));
        // the server's refusal of the old m2@2 is stale now: ignored
        outbox.onError(outOfOrder(2, "m2", 1));

        assertThat(first).isCompletedExceptionally();
        assertThat(ids()).containsExactly("1:m2");
        assertThat(updates).anyMatch(u -> u.clientMsgId().equals("m1") && u.state() == MessageState.FAILED);
    }

    @Test
    void aMessageThatComesBackPushedIsStoredEvenIfItsSendAckWasLost() {
        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        CompletableFuture<SendResult> sent = outbox.submit(message("m1"));
        outbox.onOwnEcho(new StoredMessage("id-1", CONV, 7, "alice", "m1", "text", "hi", 0).frame());
        assertThat(sent).isCompletedWithValue(new SendResult("m1", CONV, "id-1"));

        outbox.disconnected();
        wire.clear();
        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        assertThat(wire).isEmpty();
        assertThat(store.load().pendingSends()).isEmpty();
    }

    @Test
    void pastTheDeadlineAnUnsentMessageFailsAndASentOneIsUnconfirmedButStillResent() {
        CompletableFuture<SendResult> offline = outbox.submit(message("never-sent"));
        clock.advance(Duration.ofSeconds(61));
        outbox.tick();
        assertThat(offline).isCompletedExceptionally();

        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        CompletableFuture<SendResult> onWire = outbox.submit(message("on-wire"));
        clock.advance(Duration.ofSeconds(61));
        wire.clear();
        outbox.tick();
        assertThat(onWire).isNotDone();
        assertThat(ids()).containsExactly("1:on-wire");
        assertThat(updates).anyMatch(u -> u.clientMsgId().equals("on-wire") && u.state() == MessageState.UNCONFIRMED);
        outbox.onSendAck(new ServerFrame.SendAck(1, "on-wire", "id", CONV));
        assertThat(onWire).isCompleted();
    }

    @Test
    void deliveredMovesOneToOneMessagesOnOnceTheirSeqIsKnown() {
        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        DeliveryTracker delivery = new DeliveryTracker("alice", 100, updates::add);
        Outbox tracked = new Outbox(options, clock, store, updates::add, delivery, () -> { });
        tracked.connected(f -> { });
        tracked.submit(message("m1"));
        tracked.onSendAck(new ServerFrame.SendAck(1, "m1", "id-1", CONV));
        delivery.delivered(new ServerFrame.Delivered(CONV, 7, "bob", true));
        tracked.onOwnEcho(new StoredMessage("id-1", CONV, 7, "alice", "m1", "text", "hi", 0).frame());
        delivery.delivered(new ServerFrame.Delivered(CONV, 7, "bob", false));

        assertThat(updates).filteredOn(u -> u.clientMsgId().equals("m1")).extracting(SendUpdate::state)
                .containsExactly(MessageState.SENDING, MessageState.SENT, MessageState.STORED_OFFLINE, MessageState.DELIVERED);
    }

    @Test
    void aBadFrameAboutASendMeansTheNumberingDisagreesAndTheClientReconnects() {
        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        outbox.submit(message("m1"));
        outbox.onError(new ServerFrame.Error(ErrorCode.BAD_FRAME, "clientId was accepted with another clientMsgId",
                1L, null, "m1"));
        assertThat(reconnects).isEqualTo(1);
        assertThat(updates).noneMatch(u -> u.state() == MessageState.FAILED);
    }

    @Test
    void aRateLimitedSendIsResentAfterAHoldNotAtOnce() {
        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        outbox.submit(message("m1"));
        outbox.submit(message("m2"));
        wire.clear();
        outbox.onError(new ServerFrame.Error(ErrorCode.RATE_LIMITED, "busy", 1L, null, "m1"));
        outbox.onError(outOfOrder(2, "m2", 1));
        outbox.tick();
        assertThat(wire).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        outbox.tick();
        assertThat(ids()).containsExactly("1:m1", "2:m2");
    }

    @Test
    void sendsRestoredAfterARestartCountAsTransmittedSoTheDeadlineNeverCallsThemFailed() {
        outbox.restore(List.of(new StoredSend(message("old"), clock.millis())));
        clock.advance(Duration.ofSeconds(61));
        outbox.tick();
        assertThat(updates).extracting(SendUpdate::state).containsExactly(MessageState.UNCONFIRMED);
        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        assertThat(ids()).containsExactly("1:old");
    }

    @Test
    void aQueuedSendThatComesBackPushedIsNotSentAgain() {
        outbox.connected(f -> wire.add((ClientFrame.Send) f));
        for (int i = 1; i <= 4; i++) {
            outbox.submit(message("m" + i));
        }
        // m4 waits for room in the window; it was stored from a previous connection and comes back pushed
        outbox.onOwnEcho(new StoredMessage("id-4", CONV, 9, "alice", "m4", "text", "hi", 0).frame());
        outbox.onSendAck(new ServerFrame.SendAck(1, "m1", "id-1", CONV));
        assertThat(ids()).containsExactly("1:m1", "2:m2", "3:m3");
        assertThat(outbox.unconfirmed()).isEqualTo(2);
    }

    private static ServerFrame.Error outOfOrder(long clientId, String clientMsgId, long expected) {
        return new ServerFrame.Error(ErrorCode.OUT_OF_ORDER, "gap", clientId, expected, clientMsgId);
    }

    private static OutgoingMessage message(String id) {
        return new OutgoingMessage(id, CONV, "text", "hello " + id);
    }

    private List<String> ids() {
        return wire.stream().map(s -> s.clientId() + ":" + s.clientMsgId()).toList();
    }
}
