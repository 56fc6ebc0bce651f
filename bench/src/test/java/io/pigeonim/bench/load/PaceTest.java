package io.pigeonim.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaceTest {

    @Test
    void shotIGoesAtIOverTheRate() {
        Pace pace = new Pace(400);

        assertThat(pace.next()).isZero();
        assertThat(pace.next()).isEqualTo(2_500_000L);
        assertThat(pace.next()).isEqualTo(5_000_000L);
        assertThat(Pace.offset(3, 400)).isEqualTo(7_500_000L);
    }

    @Test
    void aNewRateAppliesFromTheShotThenDueAndKeepsTheEarlierShotsTimes() {
        Pace pace = new Pace(400);
        for (int i = 0; i < 4; i++) {
            pace.next(); // 0, 2.5, 5, 7.5 ms
        }

        pace.rate(100);

        // shot 4 at its time at the old rate (10 ms), then 10 ms apart
        assertThat(pace.next()).isEqualTo(10_000_000L);
        assertThat(pace.next()).isEqualTo(20_000_000L);
        assertThat(pace.next()).isEqualTo(30_000_000L);

        pace.rate(1000);

        assertThat(pace.next()).isEqualTo(40_000_000L);
        assertThat(pace.next()).isEqualTo(41_000_000L);
    }

    @Test
    void aRateThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new Pace(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pace(400).rate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
