package io.pigeonim.connector.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BadFrameCounterTest {

    @Test
    void moreThanTheLimitWithinTheWindowIsAFlood() {
        BadFrameCounter counter = new BadFrameCounter(20, 10_000);
        for (int i = 0; i < 20; i++) {
            assertThat(counter.record(1_000 + i)).as("bad frame %d", i + 1).isFalse();
        }
        assertThat(counter.record(1_020)).isTrue();
    }

    @Test
    void badFramesSpreadOverTimeAreNoFlood() {
        BadFrameCounter counter = new BadFrameCounter(20, 10_000);
        for (int i = 0; i < 100; i++) {
            // one every 600 ms: at most 17 in any 10 s
            assertThat(counter.record(i * 600L)).isFalse();
        }
    }
}
