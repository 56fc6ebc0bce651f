package io.pigeonim.common.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(200, 500, nanos::get);

    @Test
    void aBurstOf500PassesThenTheRateIs200PerSecond() {
        for (int i = 0; i < 500; i++) {
            assertThat(limiter.tryAcquire("alice")).isTrue();
        }
        assertThat(limiter.tryAcquire("alice")).isFalse();

        nanos.addAndGet(1_000_000_000L);
        int passed = 0;
        while (limiter.tryAcquire("alice")) {
            passed++;
        }
        assertThat(passed).isEqualTo(200);
    }

    @Test
    void aRefusalSaysHowLongToWait() {
        RateLimiter slow = new RateLimiter(2, 1, nanos::get);
        assertThat(slow.acquireOrWait("alice")).isZero();
        assertThat(slow.acquireOrWait("alice")).isEqualTo(500_000_000L);
        nanos.addAndGet(500_000_000L);
        assertThat(slow.acquireOrWait("alice")).isZero();
    }

    @Test
    void usersHaveTheirOwnBucketsAndFullOnesAreForgotten() {
        for (int i = 0; i < 500; i++) {
            limiter.tryAcquire("alice");
        }
        assertThat(limiter.tryAcquire("bob")).isTrue();
        assertThat(limiter.tracked()).isEqualTo(2);

        nanos.addAndGet(3_000_000_000L);
        limiter.evictIdle();
        assertThat(limiter.tracked()).isZero();
    }
}
