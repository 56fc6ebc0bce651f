package io.pigeonim.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class OpenLoopTest {

    @Test
    void shotIGoesAtStartPlusIOverRateAndWarmUpShotsAreUnmeasured() {
        List<long[]> shots = new ArrayList<>();
        List<String> window = new ArrayList<>();
        OpenLoop.Schedule s = OpenLoop.run(1000, Duration.ofMillis(10), Duration.ofMillis(20),
                (i, intended, measured) -> shots.add(new long[] {i, intended, measured ? 1 : 0}),
                new OpenLoop.Window() {
                    @Override
                    public void begin() {
                        window.add("begin@" + shots.size());
                    }

                    @Override
                    public void end() {
                        window.add("end@" + shots.size());
                    }
                });

        assertThat(s.shots()).isEqualTo(30);
        assertThat(s.measuredShots()).isEqualTo(20);
        assertThat(shots.get(0)[2]).isZero();
        assertThat(shots.get(10)[2]).isOne();
        assertThat(shots.get(29)[1] - shots.get(0)[1]).isEqualTo(29_000_000L);
        assertThat(window).containsExactly("begin@10", "end@30");
        assertThat(s.measuredSeconds()).isEqualTo(0.02);
    }
}
