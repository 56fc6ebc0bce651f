package io.pigeonim.connector.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RetrySlotsTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(5 * SECOND);

    @Test
    void refusalsArePromisedOneSlotEachAtTheRate() {
        RetrySlots slots = new RetrySlots(2, 60, now::get);
        // 2 a second: the first two fit the next second, the next two the one after
        assertThat(new long[] {slots.next(), slots.next(), slots.next(), slots.next(), slots.next()})
                .containsExactly(1, 1, 2, 2, 3);
    }

    @Test
    void aStormIsSpreadOverTheTimeItsUpgradesTake() {
        RetrySlots slots = new RetrySlots(1000, 60, now::get);
        long[] perSecond = new long[16];
        for (int i = 0; i < 15_000; i++) {
            perSecond[(int) slots.next()]++;
        }
        assertThat(perSecond[0]).isZero();
        for (int s = 1; s <= 15; s++) {
            assertThat(perSecond[s]).as("promised second %d", s).isEqualTo(1000);
        }
    }

    @Test
    void promisesStartAfreshOnceTheirTimeHasPassed() {
        RetrySlots slots = new RetrySlots(1, 60, now::get);
        assertThat(slots.next()).isEqualTo(1);
        assertThat(slots.next()).isEqualTo(2);
        now.addAndGet(10 * SECOND);
        assertThat(slots.next()).isEqualTo(1);
    }

    @Test
    void noPromiseIsFurtherThanTheMaximum() {
        RetrySlots slots = new RetrySlots(1, 5, now::get);
        for (int i = 0; i < 4; i++) {
            slots.next();
        }
        assertThat(slots.next()).isEqualTo(5);
        assertThat(slots.next()).isEqualTo(5);
    }

    @Test
    void refusesANonsenseRate() {
        assertThatThrownBy(() -> new RetrySlots(0, 60, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
