package io.pigeonim.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.pigeonim.bench.check.DeliveryChecker;
import io.pigeonim.bench.check.ErrorTally;
import io.pigeonim.bench.check.Sent;
import io.pigeonim.testsupport.FrameSender;
import io.pigeonim.bench.stats.Timeline;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;

class DeviceTest {

    private static final String CONV = "p:r-a:r-b";

    private final DeliveryChecker checker = new DeliveryChecker(new Timeline(0, 1_000_000),
            Clock.systemUTC());
    private final ErrorTally errors = new ErrorTally();
    private final Recorder wire = new Recorder();
    private final List<Device> lost = new ArrayList<>();
    private final List<Map<String, Long>> gaps = new ArrayList<>();
    private final Device device = new Device("r-a", "d1", "token", checker, errors, new LoadCounters(),
            new AckPolicy(3, Duration.ofMillis(100)), lost::add, (d, open) -> gaps.add(open));

    DeviceTest() {
        checker.conversation(CONV, List.of("r-a/d1", "r-b/d1"));
        device.attach(wire);
    }

    @Test
    void aRefusedSendRefusesThoseAfterItAndTheNextSendReusesItsClientId() {
        for (int i = 1; i <= 4; i++) {
            send("m" + i);
        }
        device.received(new ServerFrame.SendAck(1, "m1", "id1", CONV), 1);
        device.received(ServerFrame.Error.of(ErrorCode.RATE_LIMITED, "over").withClientId(2L).withClientMsgId("m2"), 2);
        // the server read m3 and m4 before the bench knew: both refused as a gap
        device.received(ServerFrame.Error.of(ErrorCode.OUT_OF_ORDER, "gap").withClientId(3L).withClientMsgId("m3")
                .withExpectedClientId(2L), 3);
        send("m5");
        device.received(ServerFrame.Error.of(ErrorCode.OUT_OF_ORDER, "gap").withClientId(4L).withClientMsgId("m4")
                .withExpectedClientId(2L), 4);
        send("m6");

        assertThat(sendClientIds()).containsExactly(1L, 2L, 3L, 4L, 2L, 3L);
        assertThat(checker.result().refused()).isEqualTo(3);
        assertThat(checker.unanswered()).as("m5 and m6 wait for their send_ack").isEqualTo(2);
        assertThat(errors.snapshot()).containsEntry("send:RATE_LIMITED", 1L).containsEntry("send:OUT_OF_ORDER", 2L);
    }

    @Test
    void afterTheServerClosedItEverySendWithoutAnswerGoesAgainFirstWithClientIdsFromOne() {
        send("m1");
        send("m2");
        send("m3");
        device.received(new ServerFrame.SendAck(1, "m1", "id1", CONV), 1);
        device.closed(1013, "try again later");
        send("m4");
        assertThat(lost).containsExactly(device);

        Recorder next = new Recorder();
        device.attach(next);

        assertThat(next.frames.stream().map(FrameCodec::decodeClient).map(ClientFrame.Send.class::cast)
                .map(f -> f.clientId() + ":" + f.clientMsgId()).toList()).containsExactly("1:m2", "2:m3", "3:m4");
        assertThat(errors.snapshot()).containsEntry("close:1013 try again later", 1L);
    }

    @Test
    void theBenchsOwnCloseIsNeitherCountedNorReconnected() {
        device.close();
        device.closed(1000, "bye");

        assertThat(lost).isEmpty();
        assertThat(errors.snapshot()).isEmpty();
    }

    @Test
    void acksTheHighestSeqAfterEveryNMessagesOwnEchoIncluded() {
        device.received(message("x1", 1), 1);
        device.received(message("x2", 2), 2);
        assertThat(acks()).isEmpty();

        device.received(message("x3", 3), 3);

        assertThat(acks()).containsExactly(new ClientFrame.Ack(List.of(new io.pigeonim.common.frame.AckEntry(CONV, 3L))));
    }

    @Test
    void acksWhatWaitsOnceTheIntervalPassed() {
        device.received(message("x1", 1), 0);
        device.tick(50_000_000L);
        assertThat(acks()).isEmpty();

        device.tick(100_000_000L);

        assertThat(acks()).hasSize(1);
        assertThat(acks().get(0).acks().get(0).seq()).isEqualTo(1L);
    }

    @Test
    void neverAcksPastAGapAndFillsItFromHistoryOnceItStayedOpen() {
        device.received(message("x1", 1), 0);
        device.received(message("x2", 2), 0);
        device.received(message("x4", 4), 0);
        device.received(message("x5", 5), 10_000_000L);
        device.tick(150_000_000L);
        assertThat(acks()).extracting(a -> a.acks().get(0).seq()).as("3 is missing").containsExactly(2L);
        assertThat(gaps).as("not before GAP_WAIT").isEmpty();
        device.tick(200_000_000L);
        device.tick(210_000_000L);
        assertThat(gaps).as("asked once while the fill runs").containsExactly(Map.of(CONV, 2L));

        device.gapFilled(message("x3", 3), 220_000_000L);
        device.gapFilled(message("x4", 4), 220_000_000L);
        device.fillDone(CONV);
        device.tick(400_000_000L);
        assertThat(acks()).extracting(a -> a.acks().get(0).seq()).containsExactly(2L, 5L);
        assertThat(gaps).hasSize(1);
        assertThat(checker.result().reordered()).isZero();
    }

    @Test
    void aHoleThatHistoryShowsIsPassedAndAcknowledgedPast() {
        // seqs 1 and 2 were allocated to a batch that failed and was stored again with new seqs: a legal hole
        device.received(message("x3", 3), 0);
        device.received(message("x4", 4), 0);
        device.tick(200_000_000L);
        assertThat(acks()).as("nothing below 3 yet").isEmpty();
        assertThat(gaps).containsExactly(Map.of(CONV, 0L));

        // history after seq 0 lists 3 and 4 only: 1 and 2 are holes
        device.gapFilled(message("x3", 3), 210_000_000L);
        device.gapFilled(message("x4", 4), 210_000_000L);
        device.fillDone(CONV);
        device.received(message("x5", 5), 220_000_000L);

        assertThat(acks()).extracting(a -> a.acks().get(0).seq()).containsExactly(5L);
        device.tick(1_000_000_000L);
        assertThat(gaps).as("no gap left to fill").hasSize(1);
    }

    @Test
    void aSyncedMessageMovesPastTheHolesBelowIt() {
        device.received(message("x9", 9), 0);
        device.synced(message("x7", 7), 10_000_000L);
        device.received(message("x8", 8), 20_000_000L);
        device.tick(500_000_000L);

        assertThat(acks()).extracting(a -> a.acks().get(0).seq()).as("9 waited above the gap, then joined")
                .containsExactly(9L);
        assertThat(gaps).isEmpty();
    }

    @Test
    void aDuplicateIsAcknowledgedAgainSoTheServerStopsResending() {
        device.received(message("x1", 1), 0);
        device.tick(200_000_000L);
        device.received(message("x1", 1), 300_000_000L);
        device.tick(500_000_000L);

        assertThat(acks()).hasSize(2);
    }

    private void send(String clientMsgId) {
        checker.sent(new Sent(clientMsgId, CONV, device.key(), 0, 0, true));
        device.send(CONV, clientMsgId, "hello");
    }

    private List<Long> sendClientIds() {
        return wire.frames.stream().map(FrameCodec::decodeClient).filter(ClientFrame.Send.class::isInstance)
                .map(f -> ((ClientFrame.Send) f).clientId()).toList();
    }

    private List<ClientFrame.Ack> acks() {
        return wire.frames.stream().map(FrameCodec::decodeClient).filter(ClientFrame.Ack.class::isInstance)
                .map(ClientFrame.Ack.class::cast).toList();
    }

    private static ServerFrame.MessageFrame message(String clientMsgId, long seq) {
        return new StoredMessage("id-" + clientMsgId, CONV, seq, "r-b", clientMsgId, "text", "x", 0).frame();
    }

    private static final class Recorder implements FrameSender {
        final List<String> frames = new ArrayList<>();

        @Override
        public void send(String text) {
            frames.add(text);
        }

        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public CompletableFuture<Void> close() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
