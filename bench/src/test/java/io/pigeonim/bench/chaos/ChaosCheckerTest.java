package io.pigeonim.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChaosCheckerTest {

    private static final String PAIR = "p:c-a:c-b";
    private static final String GROUP = "g:00000000000000000000000001";
    private static final String A = "c-a/chaos";
    private static final String B = "c-b/chaos";
    private static final String C = "c-c/chaos";

    private final ChaosChecker checker = new ChaosChecker(Map.of(PAIR, List.of(A, B), GROUP, List.of(A, B, C)));

    ChaosCheckerTest() {
        for (String d : List.of(A, B, C)) {
            checker.connection(d, true, 0);
        }
    }

    @Test
    void aStoredMessageShownOnceInOrderOnEveryMemberIsIntact() {
        send("c1", PAIR, 1, 100, "m1");
        send("c2", PAIR, 1, 110, "m2");
        for (String d : List.of(A, B)) {
            checker.shown(d, PAIR, "m1", "c1", 1, 150);
            checker.shown(d, PAIR, "m2", "c2", 2, 160);
        }
        PhaseCheck c = checker.check(1, -1, 1_000);
        assertThat(c.sent()).isEqualTo(2);
        assertThat(c.stored()).isEqualTo(2);
        assertThat(c.intact()).isTrue();
        assertThat(c.stallMs()).isNull();
        assertThat(checker.settled()).isTrue();
    }

    @Test
    void aStoredMessageOneMemberNeverShowedIsLostAndTheRunIsNotSettled() {
        send("c1", GROUP, 1, 100, "m1");
        checker.shown(A, GROUP, "m1", "c1", 1, 150);
        checker.shown(B, GROUP, "m1", "c1", 1, 150);
        assertThat(checker.settled()).isFalse();
        PhaseCheck c = checker.check(1, -1, 1_000);
        assertThat(c.lost()).isEqualTo(1);
        assertThat(c.missingDeliveries()).isEqualTo(1);
        assertThat(c.examples()).singleElement().asString().contains("m1").contains(C);
        assertThat(c.intact()).isFalse();
    }

    @Test
    void aFailedOrUnansweredSendIsNotALossButAnUnansweredOneKeepsTheRunUnsettled() {
        checker.submitted("c1", PAIR, 1, 100);
        checker.failed("c1", "FORBIDDEN");
        assertThat(checker.settled()).isTrue();
        checker.submitted("c2", PAIR, 1, 110);
        assertThat(checker.settled()).isFalse();
        PhaseCheck c = checker.check(1, -1, 1_000);
        assertThat(c.failed()).isEqualTo(1);
        assertThat(c.unanswered()).isEqualTo(1);
        assertThat(c.lost()).isZero();
    }

    @Test
    void aPushBeforeTheSendAckCountsAsStored() {
        checker.submitted("c1", PAIR, 1, 100);
        checker.shown(A, PAIR, "m1", "c1", 1, 150);
        checker.shown(B, PAIR, "m1", "c1", 1, 150);
        checker.stored("c1", "m1");
        PhaseCheck c = checker.check(1, -1, 1_000);
        assertThat(c.stored()).isEqualTo(1);
        assertThat(c.intact()).isTrue();
    }

    @Test
    void twiceAndOutOfOrderAreCountedInThePhaseOfTheMessage() {
        send("c1", PAIR, 2, 100, "m1");
        send("c2", PAIR, 2, 110, "m2");
        checker.shown(A, PAIR, "m2", "c2", 2, 150);
        checker.shown(A, PAIR, "m1", "c1", 1, 151);
        checker.shown(B, PAIR, "m1", "c1", 1, 150);
        checker.shown(B, PAIR, "m2", "c2", 2, 151);
        checker.shown(B, PAIR, "m2", "c2", 2, 152);
        PhaseCheck c = checker.check(2, -1, 1_000);
        assertThat(c.outOfOrder()).isEqualTo(1);
        assertThat(c.twice()).isEqualTo(1);
        assertThat(c.lost()).isZero();
        assertThat(checker.check(1, -1, 1_000).intact()).isTrue();
    }

    @Test
    void theStallIsTheFirstShowingOfAMessageSentAfterTheKillOnADeviceThatStayedConnected() {
        long kill = 10_000;
        // sent before the kill, shown after it: says nothing about recovery
        send("c0", PAIR, 1, 9_990, "m0");
        checker.shown(A, PAIR, "m0", "c0", 1, 10_005);
        // B lost its connection at the kill and is back at 11 s: its early showing does not count as "stayed connected"
        checker.connection(B, false, 10_010);
        checker.connection(B, true, 11_000);
        send("c1", GROUP, 1, 10_100, "m1");
        checker.shown(B, PAIR, "m0", "c0", 1, 11_200);
        checker.shown(B, GROUP, "m1", "c1", 1, 11_500);
        checker.shown(A, GROUP, "m1", "c1", 1, 14_000);
        checker.shown(C, GROUP, "m1", "c1", 1, 16_000);
        PhaseCheck c = checker.check(1, kill, 30_000);
        assertThat(c.stallMs()).isEqualTo(4_000);
        assertThat(c.stayedConnected()).isTrue();
        assertThat(c.allBackMs()).isEqualTo(6_000);
        assertThat(c.devicesReconnected()).isEqualTo(1);
        assertThat(c.passed()).isTrue();
    }

    @Test
    void whenEveryDeviceReconnectedTheStallIsTakenOverAllDevices() {
        long kill = 10_000;
        for (String d : List.of(A, B, C)) {
            checker.connection(d, false, 10_001);
            checker.connection(d, true, 20_000);
        }
        send("c1", GROUP, 3, 10_500, "m1");
        for (String d : List.of(A, B, C)) {
            checker.shown(d, GROUP, "m1", "c1", 1, 21_000);
        }
        PhaseCheck c = checker.check(3, kill, 40_000);
        assertThat(c.stallMs()).isEqualTo(11_000);
        assertThat(c.stayedConnected()).isFalse();
        assertThat(c.devicesReconnected()).isEqualTo(3);
        assertThat(c.intact()).isTrue();
        assertThat(c.passed()).as("a stall of 10 s or more misses the target").isFalse();
    }

    @Test
    void nothingShownAfterTheKillLeavesTheStallOpenAndFailsTheTarget() {
        send("c1", PAIR, 1, 10_500, "m1");
        PhaseCheck c = checker.check(1, 10_000, 40_000);
        assertThat(c.stallMs()).isNull();
        assertThat(c.allBackMs()).isNull();
        assertThat(c.passed()).isFalse();
    }

    @Test
    void theKillMomentIsReadFromTheRunnersOutput() {
        assertThat(StackRunner.killedAt("pigeon: killed message-service (pid 4242) at 1764597600123\n"))
                .isEqualTo(1764597600123L);
    }

    private void send(String clientMsgId, String conversation, int phase, long at, String msgId) {
        checker.submitted(clientMsgId, conversation, phase, at);
        checker.stored(clientMsgId, msgId);
    }
}
