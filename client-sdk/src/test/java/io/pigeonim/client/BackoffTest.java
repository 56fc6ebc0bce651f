package io.pigeonim.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleWithJitterBetweenHalfAndAllUpToTheCapAndResetAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new Random(1));
        long[] bases = {100, 200, 400, 800, 1000, 1000};
        for (long base : bases) {
            assertThat(backoff.next().toMillis()).isBetween(base / 2, base);
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
    }

    @Test
    void aServersRetryAfterIsKeptWithinASecondAndCountsAsAnAttempt() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new Random(1));
        for (int i = 0; i < 20; i++) {
            assertThat(backoff.after(Duration.ofSeconds(3)).toMillis()).isBetween(3000L, 3999L);
        }
        assertThat(backoff.next().toMillis()).as("backing off goes on after it").isBetween(500L, 1000L);
    }

    @Test
    void optionsOutsideTheProtocolAreRefusedWithTheValueAndTheExpectation() {
        assertThatThrownBy(() -> ClientOptions.defaults().withAcks(65, Duration.ofMillis(100)))
                .hasMessage("ackEvery: 65 (expected: 1..64)");
        assertThatThrownBy(() -> ClientOptions.defaults().withAcks(10, Duration.ofMillis(300)))
                .hasMessage("ackInterval: PT0.3S (expected: 1..250 ms)");
        assertThatThrownBy(() -> OutgoingMessage.text("p:bob:alice", "hi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conversationId");
    }
}
