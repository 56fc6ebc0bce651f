package io.pigeonim.client;

/**
 * When to ping, when a connection is dead, and when the device has been quiet long enough to compare its
 * cursors with /sync/summary. Until the first pong it pings every second and gives up after the pong timeout;
 * then it pings every {@code pingInterval} and gives up when nothing arrived for two intervals and a timeout
 * (one lost pong is tolerated). Loop thread only; times in clock millis.
 */
final class Liveness {

    /** What the connection needs now. */
    enum Due { NOTHING, PING, GIVE_UP, SUMMARY }

    private final ClientOptions options;
    private long openedAt;
    private long lastPingAt;
    private long lastInboundAt;
    private long lastPushAt;
    private long lastSummaryAt;

    Liveness(ClientOptions options) {
        this.options = options;
    }

    void opened(long now) {
        openedAt = now;
        lastInboundAt = now;
    }

    void inbound(long now, boolean push) {
        lastInboundAt = now;
        if (push) {
            lastPushAt = now;
        }
    }

    void pinged(long now) {
        lastPingAt = now;
    }

    void summaryChecked(long now) {
        lastSummaryAt = now;
    }

    Due due(long now, boolean awaitingPong, boolean online) {
        long pingEvery = awaitingPong ? 1000 : options.pingInterval().toMillis();
        long pong = options.pongTimeout().toMillis();
        if (awaitingPong ? now - openedAt > pong : now - lastInboundAt > 2 * pingEvery + pong) {
            return Due.GIVE_UP;
        }
        if (now - lastPingAt >= pingEvery) {
            return Due.PING;
        }
        long quiet = options.quietPeriod().toMillis();
        if (online && now - lastPushAt >= quiet && now - lastSummaryAt >= quiet) {
            return Due.SUMMARY;
        }
        return Due.NOTHING;
    }
}
