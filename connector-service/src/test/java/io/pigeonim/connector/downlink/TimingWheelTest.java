package io.pigeonim.connector.downlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TimingWheelTest {

    private final AtomicLong now = new AtomicLong(10_000);
    private final List<String> ran = new ArrayList<>();
    private final TimingWheel wheel = new TimingWheel(8, 100, Runnable::run, now::get);

    private void advanceTo(long millis) {
        now.set(millis);
        wheel.advance();
    }

    @Test
    void aTaskRunsAtItsTickNotBefore() {
        wheel.schedule(() -> ran.add("a"), 250);
        advanceTo(10_200);
        assertThat(ran).isEmpty();
        advanceTo(10_300);
        assertThat(ran).containsExactly("a");
        assertThat(wheel.pending()).isZero();
    }

    @Test
    void delaysLongerThanOneTurnWaitTheirRounds() {
        wheel.schedule(() -> ran.add("late"), 2_000);
        wheel.schedule(() -> ran.add("soon"), 100);
        advanceTo(10_100);
        assertThat(ran).containsExactly("soon");
        advanceTo(11_900);
        assertThat(ran).containsExactly("soon");
        advanceTo(12_000);
        assertThat(ran).containsExactly("soon", "late");
    }

    @Test
    void aWheelThatFellBehindCatchesUpAndSchedulesFromNow() {
        advanceTo(10_050);
        now.set(10_550);
        wheel.schedule(() -> ran.add("x"), 100);
        advanceTo(10_550);
        assertThat(ran).isEmpty();
        advanceTo(10_600);
        assertThat(ran).containsExactly("x");
    }

    @Test
    void aZeroDelayRunsOnTheNextTick() {
        wheel.schedule(() -> ran.add("now"), 0);
        advanceTo(10_100);
        assertThat(ran).containsExactly("now");
    }
}
