package io.pigeonim.bench.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pigeonim.bench.stats.Timeline;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;

class DeliveryCheckerTest {

    private static final long MS = 1_000_000L;
    private static final String CONV = "p:r-a:r-b";
    private static final String A = "r-a/d1";
    private static final String B = "r-b/d1";

    private final Timeline arrivals = new Timeline(0, 100 * MS);
    private final DeliveryChecker checker = new DeliveryChecker(arrivals,
            Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));

    DeliveryCheckerTest() {
        checker.conversation(CONV, List.of(A, B));
    }

    @Test
    void aMessageAtBothDevicesOnceInOrderPasses() {
        send("m1", 0);
        send("m2", 10 * MS);
        checker.sendAcked("m1", 5 * MS);
        checker.sendAcked("m2", 15 * MS);
        for (String device : List.of(A, B)) {
            assertThat(checker.arrived(device, frame("m1", 1), 20 * MS)).isEqualTo(DeliveryChecker.Arrival.FIRST);
            assertThat(checker.arrived(device, frame("m2", 2), 30 * MS)).isEqualTo(DeliveryChecker.Arrival.FIRST);
        }

        CheckResult result = checker.result();
        assertThat(result.passed()).isTrue();
        assertThat(result.expectedDeliveries()).isEqualTo(4);
        assertThat(result.lost()).isZero();
        assertThat(checker.pending()).isZero();
        assertThat(checker.unanswered()).isZero();
    }

    @Test
    void aSendAckedMessageMissingAtOneDeviceIsLost() {
        send("m1", 0);
        checker.sendAcked("m1", MS);
        checker.arrived(A, frame("m1", 1), 2 * MS);

        CheckResult result = checker.result();
        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
        assertThat(result.examples()).anyMatch(e -> e.contains(B) && e.contains("m1"));
        assertThat(checker.pending()).isEqualTo(1);
    }

    @Test
    void theSendersOwnEchoIsADeliveryToo() {
        send("m1", 0);
        checker.sendAcked("m1", MS);
        checker.arrived(B, frame("m1", 1), 2 * MS);

        assertThat(checker.result().lost()).as("the sender's device never got its own message back").isEqualTo(1);
    }

    @Test
    void aRefusedMessageIsExpectedNowhere() {
        send("m1", 0);
        checker.refused("m1");

        CheckResult result = checker.result();
        assertThat(result.passed()).isTrue();
        assertThat(result.refused()).isEqualTo(1);
        assertThat(result.expectedDeliveries()).isZero();
        assertThat(checker.unanswered()).isZero();
    }

    @Test
    void aSecondFrameWithTheSameMsgIdIsADuplicateNotADelivery() {
        send("m1", 0);
        checker.sendAcked("m1", MS);
        checker.arrived(A, frame("m1", 1), 2 * MS);
        checker.arrived(B, frame("m1", 1), 2 * MS);

        assertThat(checker.arrived(B, frame("m1", 1), 5_000 * MS)).isEqualTo(DeliveryChecker.Arrival.DUPLICATE);

        CheckResult result = checker.result();
        assertThat(result.passed()).as("at-least-once delivery: a duplicate is counted, not a failure").isTrue();
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.firstArrivals()).isEqualTo(2);
        assertThat(result.duplicateShare()).isEqualTo(1.0 / 3);
    }

    @Test
    void theSameMessageUnderAnotherMsgIdIsStoredTwice() {
        send("m1", 0);
        checker.sendAcked("m1", MS);
        checker.arrived(B, frame("m1", 1), 2 * MS);
        checker.arrived(B, new StoredMessage("other-id", CONV, 2, "r-a", "m1", "text", "x", 0).frame(), 3 * MS);

        assertThat(checker.result().storedTwice()).isEqualTo(1);
        assertThat(checker.result().passed()).isFalse();
    }

    @Test
    void aFirstArrivalBelowTheLastSeqIsReordered() {
        receiverHasOnlyTheSecondOfTwo();

        assertThat(checker.arrived(B, frame("m1", 1), 3 * MS)).isEqualTo(DeliveryChecker.Arrival.OUT_OF_ORDER);

        CheckResult result = checker.result();
        assertThat(result.reordered()).isEqualTo(1);
        assertThat(result.lost()).as("it did arrive").isZero();
        assertThat(result.passed()).isFalse();
    }

    @Test
    void aMessageSyncedAfterAReconnectFillsAGapWithoutBeingReordered() {
        receiverHasOnlyTheSecondOfTwo();

        assertThat(checker.arrivedBySync(B, frame("m1", 1), 3 * MS)).isEqualTo(DeliveryChecker.Arrival.FIRST);
        assertThat(checker.arrivedBySync(B, frame("m2", 2), 3 * MS)).isEqualTo(DeliveryChecker.Arrival.DUPLICATE);

        CheckResult result = checker.result();
        assertThat(result.passed()).isTrue();
        assertThat(result.reordered()).isZero();
    }

    @Test
    void latenciesStartAtTheIntendedSendTimeNotTheActualOne() {
        checker.sent(new Sent("m1", CONV, A, 0, 100 * MS, true));
        checker.sendAcked("m1", 130 * MS);
        checker.arrived(A, frame("m1", 1), 140 * MS);
        checker.arrived(B, frame("m1", 1), 150 * MS);

        assertThat(checker.sendAck(0).percentiles().p50()).isCloseTo(30, org.assertj.core.data.Offset.offset(0.1));
        assertThat(checker.endToEnd(0).count()).as("the receiver only, not the sender's echo").isEqualTo(1);
        assertThat(checker.endToEnd(0).percentiles().p50()).isCloseTo(50, org.assertj.core.data.Offset.offset(0.1));
        assertThat(arrivals.between(0, 200 * MS)).isEqualTo(1);
        assertThat(checker.push(0).percentiles().p50()).as("server sendTime 0 → wall clock 1,000 ms")
                .isCloseTo(1_000, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void warmUpMessagesAreCheckedButNotTimed() {
        checker.sent(new Sent("m1", CONV, A, 0, 0, false));
        checker.sendAcked("m1", MS);
        checker.arrived(A, frame("m1", 1), 2 * MS);

        assertThat(checker.endToEnd(0).count()).isZero();
        assertThat(checker.sendAck(0).count()).isZero();
        assertThat(checker.result().lost()).isEqualTo(1);
    }

    @Test
    void anArrivalBeforeItsSendAckIsNotPendingOnceAcked() {
        send("m1", 0);
        checker.arrived(B, frame("m1", 1), MS);
        checker.sendAcked("m1", 2 * MS);

        assertThat(checker.pending()).as("only the sender's echo is still due").isEqualTo(1);
    }

    /** m1 (seq 1) and m2 (seq 2) send_acked; the sender has both, the receiver only m2 so far. */
    private void receiverHasOnlyTheSecondOfTwo() {
        send("m1", 0);
        send("m2", MS);
        checker.sendAcked("m1", MS);
        checker.sendAcked("m2", MS);
        checker.arrived(A, frame("m1", 1), 2 * MS);
        checker.arrived(A, frame("m2", 2), 2 * MS);
        checker.arrived(B, frame("m2", 2), 2 * MS);
    }

    private void send(String clientMsgId, long intended) {
        checker.sent(new Sent(clientMsgId, CONV, A, 0, intended, true));
    }

    private static ServerFrame.MessageFrame frame(String clientMsgId, long seq) {
        return new StoredMessage("id-" + clientMsgId, CONV, seq, "r-a", clientMsgId, "text", "x", 0).frame();
    }
}
