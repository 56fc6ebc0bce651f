package io.pigeonim.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void readsP50P99AndP999InMilliseconds() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 1; i <= 1000; i++) {
            r.record(i * 1_000_000L);
        }

        Percentiles p = r.percentiles();
        assertThat(p.count()).isEqualTo(1000);
        assertThat(p.p50()).isCloseTo(500, offset(1.0));
        assertThat(p.p99()).isCloseTo(990, offset(1.0));
        assertThat(p.p999()).isCloseTo(999, offset(1.0));
    }

    @Test
    void emptyIsNaN() {
        assertThat(new LatencyRecorder().percentiles().isEmpty()).isTrue();
        assertThat(new LatencyRecorder().percentiles().p99()).isNaN();
    }

    @Test
    void timelineCountsPerBucketAndPerSecond() {
        Timeline t = new Timeline(0, 100_000_000L);
        t.add(50_000_000L);
        t.add(150_000_000L);
        t.add(1_050_000_000L);
        t.add(-1);

        assertThat(t.between(0, 200_000_000L)).isEqualTo(2);
        assertThat(t.perSecond()).containsExactly(2, 1);
    }
}
