package io.pigeonim.connector.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pigeonim.common.frame.ClientFrame;

class SendLedgerTest {

    private final SendLedger ledger = new SendLedger(8, 4);

    private static ClientFrame.Send send(long clientId, String clientMsgId) {
        return new ClientFrame.Send(clientId, clientMsgId, "p:a:b", "text", "hi");
    }

    @Test
    void theNextClientIdIsMaxPlusOneAGapIsRefusedWithTheExpectedOne() {
        assertThat(ledger.check(send(1, "m1")).kind()).isEqualTo(SendLedger.Kind.NEXT);
        SendLedger.Check gap = ledger.check(send(3, "m3"));
        assertThat(gap.kind()).isEqualTo(SendLedger.Kind.GAP);
        assertThat(gap.expected()).isEqualTo(1);

        ledger.accept(send(1, "m1"), "id1");
        assertThat(ledger.check(send(1, "m1")).kind()).isEqualTo(SendLedger.Kind.RESEND);
        assertThat(ledger.check(send(2, "m2")).kind()).isEqualTo(SendLedger.Kind.NEXT);
        assertThat(ledger.check(send(5, "m5")).expected()).isEqualTo(2);
        assertThat(ledger.max()).isEqualTo(1);
    }

    @Test
    void aRefusedSendDoesNotUseUpItsClientId() {
        ledger.check(send(1, "m1"));
        ledger.check(send(4, "m4"));
        assertThat(ledger.max()).isZero();
        assertThat(ledger.check(send(1, "m1")).kind()).isEqualTo(SendLedger.Kind.NEXT);
    }

    @Test
    void answersLeaveInClientIdOrderWhateverOrderTheBrokerCompletesIn() {
        Accepted a1 = ledger.accept(send(1, "m1"), "id1");
        Accepted a2 = ledger.accept(send(2, "m2"), "id2");
        Accepted a3 = ledger.accept(send(3, "m3"), "id3");

        ledger.complete(a3, true);
        assertThat(ledger.drain()).isEmpty();
        ledger.complete(a2, true);
        assertThat(ledger.drain()).isEmpty();
        ledger.complete(a1, true);
        assertThat(ledger.drain()).containsExactly(a1, a2, a3);
        assertThat(ledger.queued()).isZero();
    }

    @Test
    void aResendWhileTheOriginalIsInFlightIsAnsweredWhenItCompletesInOrder() {
        Accepted a1 = ledger.accept(send(1, "m1"), "id1");
        Accepted a2 = ledger.accept(send(2, "m2"), "id2");
        ledger.resend(send(1, "m1"), "id1");

        ledger.complete(a1, true);
        assertThat(ledger.drain()).containsExactly(a1);
        ledger.complete(a2, true);
        assertThat(ledger.drain()).containsExactly(a2, a1);
    }

    @Test
    void aResendOfAnAnsweredClientIdIsAnsweredAgainAtOnce() {
        Accepted a1 = ledger.accept(send(1, "m1"), "id1");
        ledger.complete(a1, true);
        ledger.drain();

        ledger.resend(send(1, "m1"), "id1");
        assertThat(ledger.drain()).containsExactly(a1);
    }

    @Test
    void aResendWithAnotherClientMsgIdOrConversationIsAMismatch() {
        ledger.accept(send(1, "m1"), "id1");
        assertThat(ledger.check(send(1, "other")).kind()).isEqualTo(SendLedger.Kind.MISMATCH);
        assertThat(ledger.check(new ClientFrame.Send(1L, "m1", "p:a:c", "text", "hi")).kind())
                .isEqualTo(SendLedger.Kind.MISMATCH);
    }

    @Test
    void everyClientIdWithinTheWindowIsRememberedWhileTheRingGrows() {
        SendLedger big = new SendLedger(4096, 2048);
        for (long id = 1; id <= 1000; id++) {
            big.complete(big.accept(send(id, "m" + id), "id" + id), true);
            big.drain();
        }
        for (long id : new long[] {1, 15, 16, 17, 33, 500, 1000}) {
            assertThat(big.check(send(id, "other")).kind()).as("clientId %d", id).isEqualTo(SendLedger.Kind.MISMATCH);
            assertThat(big.check(send(id, "m" + id)).kind()).as("clientId %d", id).isEqualTo(SendLedger.Kind.RESEND);
        }
    }

    @Test
    void aResendOlderThanTheWindowIsAnsweredFromTheFrame() {
        for (long id = 1; id <= 12; id++) {
            Accepted a = ledger.accept(send(id, "m" + id), "id" + id);
            ledger.complete(a, true);
            ledger.drain();
        }
        assertThat(ledger.check(send(2, "anything")).kind()).isEqualTo(SendLedger.Kind.RESEND);
        ledger.resend(send(2, "m2"), "id2");
        List<Accepted> answer = ledger.drain();
        assertThat(answer).singleElement().satisfies(a -> {
            assertThat(a.clientId()).isEqualTo(2);
            assertThat(a.msgId()).isEqualTo("id2");
            assertThat(a.state()).isEqualTo(Accepted.State.DURABLE);
        });
    }

    @Test
    void theQueueIsBoundedBelowTheWindow() {
        for (long id = 1; id <= 4; id++) {
            assertThat(ledger.hasRoom()).isTrue();
            ledger.accept(send(id, "m" + id), "id" + id);
        }
        assertThat(ledger.hasRoom()).isFalse();
        assertThatThrownBy(() -> new SendLedger(8, 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailureEndsTheAnswersAndTheLedger() {
        Accepted a1 = ledger.accept(send(1, "m1"), "id1");
        Accepted a2 = ledger.accept(send(2, "m2"), "id2");
        Accepted a3 = ledger.accept(send(3, "m3"), "id3");
        ledger.complete(a1, true);
        ledger.complete(a3, true);
        ledger.complete(a2, false);

        assertThat(ledger.drain()).containsExactly(a1, a2);
        assertThat(a2.state()).isEqualTo(Accepted.State.FAILED);
        assertThat(ledger.drain()).isEmpty();
        assertThat(ledger.hasRoom()).isFalse();
    }
}
