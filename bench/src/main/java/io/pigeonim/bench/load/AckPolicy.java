package io.pigeonim.bench.load;

import java.time.Duration;

/** When a device acknowledges: after {@code every} messages or {@code interval} after the first unacknowledged one. */
public record AckPolicy(int every, Duration interval) {

    public AckPolicy {
        if (every < 1) {
            throw new IllegalArgumentException("every: " + every + " (expected: >= 1)");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
    }
}
