package io.pigeonim.connector.downlink;

import java.time.Duration;

/**
 * When an unacknowledged {@code message} is sent again: first after {@code initial}, or after the connection's
 * ack timeout when that is longer (SRTT + 4 RTTVAR of its acks, ADR 0022: a device whose acks are slow but come is
 * not resent to as if it lost them), then each wait {@code multiplier} times the previous one, up to {@code max}, at
 * most {@code limit} times.
 */
public record RetransmitSchedule(Duration initial, double multiplier, Duration max, int limit) {

    /**
     * The wait before retransmission number {@code n + 1}, after {@code n} were made, on a connection whose acks
     * take up to {@code ackTimeoutMillis} (0: not measured yet).
     */
    public long delayMillis(int n, long ackTimeoutMillis) {
        double delay = Math.max(initial.toMillis(), ackTimeoutMillis) * Math.pow(multiplier, n);
        return (long) Math.min(delay, max.toMillis());
    }
}
