package io.pigeonim.connector.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.pigeonim.common.frame.ServerFrame;

class DeliveryWindowTest {

    private static ServerFrame.MessageFrame message(String conversation, long seq) {
        return new ServerFrame.MessageFrame("m" + seq, conversation, seq, "a", "c" + seq, "text", "x", 1);
    }

    @Test
    void aCumulativeAckForgetsEverythingUpToItsSeqInItsConversationOnly() {
        DeliveryWindow window = new DeliveryWindow(10);
        window.track(message("p:a:b", 1), 100);
        window.track(message("p:a:b", 2), 100);
        window.track(message("p:a:b", 3), 100);
        window.track(message("p:a:c", 1), 100);

        assertThat(window.acked("p:a:b", 2)).isEqualTo(2);
        assertThat(window.size()).isEqualTo(2);
        assertThat(window.due(100)).extracting(f -> f.frame().seq()).containsExactlyInAnyOrder(3L, 1L);
    }

    @Test
    void aFullWindowDropsPushesUntilTheDeviceAcks() {
        DeliveryWindow window = new DeliveryWindow(2);
        assertThat(window.track(message("p:a:b", 1), 100)).isTrue();
        assertThat(window.track(message("p:a:b", 2), 100)).isTrue();
        assertThat(window.track(message("p:a:b", 3), 100)).isFalse();
        window.acked("p:a:b", 1);
        assertThat(window.track(message("p:a:b", 4), 100)).isTrue();
        assertThat(window.track(message("p:a:b", 5), 100)).isFalse();
        assertThat(window.suspended()).isTrue();
    }

    @Test
    void theTimerIsArmedOnceUnlessForAnEarlierTime() {
        DeliveryWindow window = new DeliveryWindow(2);
        assertThat(window.armTimer(500)).isTrue();
        assertThat(window.armTimer(600)).isFalse();
        assertThat(window.armTimer(400)).isTrue();
        window.timerFired();
        assertThat(window.armTimer(900)).isTrue();
    }
}
