package io.pigeonim.connector.downlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;

class DeliveryWindowTest {

    private static ServerFrame.MessageFrame message(String conversation, long seq) {
        return new StoredMessage("m" + seq, conversation, seq, "a", "c" + seq, "text", "x", 1).frame();
    }

    @Test
    void aCumulativeAckForgetsEverythingUpToItsSeqInItsConversationOnly() {
        DeliveryWindow window = new DeliveryWindow(10, 10);
        window.admit(message("p:a:b", 1), 0, 100);
        window.admit(message("p:a:b", 2), 0, 100);
        window.admit(message("p:a:b", 3), 0, 100);
        window.admit(message("p:a:c", 1), 0, 100);

        assertThat(window.acked("p:a:b", 2, 0)).isEqualTo(2);
        assertThat(window.size()).isEqualTo(2);
        assertThat(window.due(100)).extracting(f -> f.frame().seq()).containsExactlyInAnyOrder(3L, 1L);
    }

    @Test
    void pushesPastAFullWindowWaitInOrderAndAreReleasedAsAcksMakeRoom() {
        DeliveryWindow window = new DeliveryWindow(2, 3);
        assertThat(window.admit(message("p:a:b", 1), 0, 100)).isEqualTo(DeliveryWindow.Admission.SEND);
        assertThat(window.admit(message("p:a:b", 2), 0, 100)).isEqualTo(DeliveryWindow.Admission.SEND);
        assertThat(window.admit(message("p:a:b", 3), 0, 100)).isEqualTo(DeliveryWindow.Admission.WAIT);
        assertThat(window.admit(message("p:a:c", 1), 0, 100)).isEqualTo(DeliveryWindow.Admission.WAIT);
        assertThat(window.release(0, 100)).isEmpty();

        window.acked("p:a:b", 1, 0);
        // room for one: the first to wait goes first; a new push still queues behind the one left waiting
        assertThat(window.release(0, 100)).extracting(ServerFrame.MessageFrame::seq).containsExactly(3L);
        assertThat(window.admit(message("p:a:b", 4), 0, 100)).isEqualTo(DeliveryWindow.Admission.WAIT);
        window.acked("p:a:b", 3, 0);
        assertThat(window.release(0, 100)).extracting(f -> f.conversationId() + "/" + f.seq())
                .containsExactly("p:a:c/1", "p:a:b/4");
        assertThat(window.waiting()).isZero();
    }

    @Test
    void aPushOvertakenByALaterSeqOfItsConversationIsNotWrittenSoFirstPushesStayInOrder() {
        DeliveryWindow window = new DeliveryWindow(10, 10);
        assertThat(window.admit(message("p:a:b", 4), 0, 100)).isEqualTo(DeliveryWindow.Admission.SEND);
        assertThat(window.admit(message("p:a:b", 6), 0, 100)).isEqualTo(DeliveryWindow.Admission.SEND);

        assertThat(window.admit(message("p:a:b", 5), 0, 100)).as("5 arrived after 6").isEqualTo(DeliveryWindow.Admission.LATE);
        assertThat(window.admit(message("p:a:b", 6), 0, 100)).as("pushed again while in flight")
                .isEqualTo(DeliveryWindow.Admission.SEND);
        window.acked("p:a:b", 6, 0);
        assertThat(window.admit(message("p:a:b", 6), 0, 100)).as("pushed again after its ack")
                .isEqualTo(DeliveryWindow.Admission.LATE);
        assertThat(window.admit(message("p:a:c", 1), 0, 100)).as("other conversations are their own")
                .isEqualTo(DeliveryWindow.Admission.SEND);
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void aPushOfAFrameStillWaitingForRoomIsNotQueuedTwice() {
        DeliveryWindow window = new DeliveryWindow(1, 5);
        window.admit(message("p:a:b", 1), 0, 100);
        assertThat(window.admit(message("p:a:b", 2), 0, 100)).isEqualTo(DeliveryWindow.Admission.WAIT);
        assertThat(window.admit(message("p:a:b", 2), 0, 100)).isEqualTo(DeliveryWindow.Admission.LATE);
        assertThat(window.waiting()).isEqualTo(1);
    }

    @Test
    void pastTheWaitingLineAPushOverflowsAndNothingIsTracked() {
        DeliveryWindow window = new DeliveryWindow(1, 1);
        window.admit(message("p:a:b", 1), 0, 100);
        assertThat(window.admit(message("p:a:b", 2), 0, 100)).isEqualTo(DeliveryWindow.Admission.WAIT);
        assertThat(window.admit(message("p:a:b", 3), 0, 100)).isEqualTo(DeliveryWindow.Admission.OVERFLOW);
        assertThat(window.size()).isEqualTo(1);
        assertThat(window.waiting()).isEqualTo(1);
    }

    @Test
    void afterAnOverflowNothingMoreIsPushedEvenWhenAcksMakeRoom() {
        DeliveryWindow window = new DeliveryWindow(1, 1);
        window.admit(message("p:a:b", 1), 0, 100);
        window.admit(message("p:a:b", 2), 0, 100);
        assertThat(window.admit(message("p:a:b", 3), 0, 100)).isEqualTo(DeliveryWindow.Admission.OVERFLOW);

        window.acked("p:a:b", 1, 0); // read before the 1013 close is out
        assertThat(window.release(0, 100)).as("2 would be followed by nothing, but 4 must not pass 3").isEmpty();
        assertThat(window.admit(message("p:a:b", 4), 0, 100)).isEqualTo(DeliveryWindow.Admission.OVERFLOW);
        assertThat(window.vouches(List.of(new AckEntry("p:a:b", 4L)))).isFalse();
    }

    @Test
    void anAckCoveringWaitingFramesDropsThemToo() {
        DeliveryWindow window = new DeliveryWindow(1, 5);
        window.admit(message("p:a:b", 1), 0, 100);
        window.admit(message("p:a:b", 2), 0, 100);
        window.admit(message("p:a:b", 3), 0, 100);

        window.acked("p:a:b", 2, 0); // the device had 2 from sync

        assertThat(window.release(0, 100)).extracting(ServerFrame.MessageFrame::seq).containsExactly(3L);
    }

    @Test
    void anAckIsVouchedForOnlyUpToWhatWasPushedOnThisConnectionEvenAfterItLeftTheWindow() {
        DeliveryWindow window = new DeliveryWindow(2, 1);
        window.admit(message("p:a:b", 5), 0, 100);
        window.admit(message("p:a:b", 6), 0, 100);
        window.admit(message("p:a:b", 7), 0, 100); // waits: pushed to this connection all the same
        window.acked("p:a:b", 7, 0);

        assertThat(window.vouches(List.of(new AckEntry("p:a:b", 7L)))).isTrue();
        assertThat(window.vouches(List.of(new AckEntry("p:a:b", 3L), new AckEntry("p:a:b", 7L)))).isTrue();
        assertThat(window.vouches(List.of(new AckEntry("p:a:b", 8L)))).as("past the highest pushed").isFalse();
        assertThat(window.vouches(List.of(new AckEntry("p:a:b", 7L), new AckEntry("p:a:c", 1L))))
                .as("a conversation never pushed here").isFalse();
        assertThat(window.admit(message("p:a:b", 9), 0, 100)).isEqualTo(DeliveryWindow.Admission.SEND);
        window.admit(message("p:a:b", 10), 0, 100);
        window.admit(message("p:a:b", 11), 0, 100);
        assertThat(window.admit(message("p:a:b", 12), 0, 100)).isEqualTo(DeliveryWindow.Admission.OVERFLOW);
        assertThat(window.vouches(List.of(new AckEntry("p:a:b", 12L)))).as("an overflowed push was not pushed").isFalse();
    }

    @Test
    void theTimerIsArmedOnceUnlessForAnEarlierTime() {
        DeliveryWindow window = new DeliveryWindow(2, 2);
        assertThat(window.armTimer(500)).isTrue();
        assertThat(window.armTimer(600)).isFalse();
        assertThat(window.armTimer(400)).isTrue();
        window.timerFired();
        assertThat(window.armTimer(900)).isTrue();
    }

    @Test
    void theAckRoundTripIsSampledFromTheOldestCoveredFrameNeverResent() {
        DeliveryWindow window = new DeliveryWindow(10, 10);
        assertThat(window.ackTimeoutMillis()).as("nothing measured yet").isZero();
        window.admit(message("p:a:b", 1), 1_000, 6_000);
        window.admit(message("p:a:b", 2), 1_400, 6_400);

        window.acked("p:a:b", 2, 3_000);

        // first sample R = 2,000 (the older frame): SRTT = R, RTTVAR = R/2, timeout = SRTT + 4 RTTVAR
        assertThat(window.smoothedRoundTripMillis()).isEqualTo(2_000);
        assertThat(window.ackTimeoutMillis()).isEqualTo(6_000);

        window.admit(message("p:a:b", 3), 3_000, 8_000);
        window.acked("p:a:b", 3, 3_400);
        // R = 400: RTTVAR = (3 * 1,000 + 1,600) / 4 = 1,150, SRTT = (7 * 2,000 + 400) / 8 = 1,800
        assertThat(window.smoothedRoundTripMillis()).isEqualTo(1_800);
        assertThat(window.ackTimeoutMillis()).isEqualTo(1_800 + 4 * 1_150);
    }

    @Test
    void anAckOfResentFramesOnlyIsNoSample() {
        DeliveryWindow window = new DeliveryWindow(10, 10);
        window.admit(message("p:a:b", 1), 0, 5_000);
        InFlight resent = window.due(5_000).get(0);
        window.retransmitted(resent, 15_000);

        window.acked("p:a:b", 1, 30_000);

        assertThat(window.smoothedRoundTripMillis()).as("Karn: which copy did it answer?").isEqualTo(-1);
        assertThat(window.ackTimeoutMillis()).isZero();
    }
}
