package io.pigeonim.connector.downlink;

import java.time.Duration;

/**
 * When an unacknowledged {@code message} is sent again: {@code initial} after the push, then each
 * wait {@code multiplier} times the previous one up to {@code max}, at most {@code limit} times.
 */
public record RetransmitSchedule(Duration initial, double multiplier, Duration max, int limit) {

    /** The wait before retransmission number {@code n + 1}, after {@code n} were made. */
    public long delayMillis(int n) {
        double delay = initial.toMillis() * Math.pow(multiplier, n);
        return (long) Math.min(delay, max.toMillis());
    }
}
