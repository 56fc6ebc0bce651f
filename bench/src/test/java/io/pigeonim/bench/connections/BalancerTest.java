package io.pigeonim.bench.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class BalancerTest {

    private static final URI A = URI.create("ws://localhost:8081/ws");
    private static final URI B = URI.create("ws://localhost:8091/ws");
    private final AtomicLong now = new AtomicLong();
    private final Balancer balancer = new Balancer(List.of(A, B), now::get);

    @Test
    void takesTheInstancesInTurn() {
        assertThat(List.of(balancer.next(), balancer.next(), balancer.next(), balancer.next()))
                .containsExactly(A, B, A, B);
    }

    @Test
    void skipsAFailedInstanceUntilItsFailTimeoutHasPassed() {
        balancer.failed(A);

        assertThat(List.of(balancer.next(), balancer.next(), balancer.next())).containsOnly(B);
        now.addAndGet(Balancer.FAIL_TIMEOUT_NANOS);
        assertThat(List.of(balancer.next(), balancer.next())).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void whenEveryInstanceFailedItStillAnswersOne() {
        balancer.failed(A);
        balancer.failed(B);

        assertThat(balancer.next()).isIn(A, B);
        assertThatThrownBy(() -> new Balancer(List.of(), now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
