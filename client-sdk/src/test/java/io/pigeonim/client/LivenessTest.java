package io.pigeonim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LivenessTest {

    private final Liveness liveness = new Liveness(ClientOptions.defaults()
            .withLiveness(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(30)));

    @Test
    void untilTheFirstPongItPingsEverySecondAndGivesUpAfterThePongTimeout() {
        liveness.opened(0);
        liveness.pinged(0);
        assertThat(liveness.due(500, true, false)).isEqualTo(Liveness.Due.NOTHING);
        assertThat(liveness.due(1000, true, false)).isEqualTo(Liveness.Due.PING);
        assertThat(liveness.due(3001, true, false)).isEqualTo(Liveness.Due.GIVE_UP);
    }

    @Test
    void onlineOneLostPongIsToleratedAndAQuietDeviceChecksTheSummary() {
        liveness.opened(0);
        liveness.pinged(0);
        liveness.inbound(100, true);
        liveness.summaryChecked(100);
        assertThat(liveness.due(10_000, false, true)).isEqualTo(Liveness.Due.PING);
        liveness.pinged(10_000);
        // that pong is lost: one more ping, not yet giving up
        assertThat(liveness.due(20_050, false, true)).isEqualTo(Liveness.Due.PING);
        liveness.pinged(20_050);
        liveness.inbound(20_060, false);
        assertThat(liveness.due(23_000, false, true)).isEqualTo(Liveness.Due.NOTHING);
        assertThat(liveness.due(30_100, false, true)).isEqualTo(Liveness.Due.PING);
        liveness.pinged(30_100);
        liveness.inbound(30_110, false);
        assertThat(liveness.due(30_200, false, true)).isEqualTo(Liveness.Due.SUMMARY);
        liveness.summaryChecked(30_200);
        assertThat(liveness.due(30_300, false, true)).isEqualTo(Liveness.Due.NOTHING);
        // nothing at all for two intervals and a timeout: the connection is dead
        assertThat(liveness.due(30_110 + 23_001, false, true)).isEqualTo(Liveness.Due.GIVE_UP);
    }
}
