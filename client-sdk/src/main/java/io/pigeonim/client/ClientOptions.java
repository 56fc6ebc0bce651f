package io.pigeonim.client;

import java.time.Duration;
import java.util.Objects;

/**
 * The SDK's tuning, with the defaults PROTOCOL.md asks for. Change one with the {@code with…} methods.
 *
 * @param ackEvery           acknowledge after this many pushed messages (1..64, §3 flow control)
 * @param ackInterval        … or this long after the first unacknowledged one (at most 250 ms)
 * @param sendAckTimeout     resend a send (same clientId, same clientMsgId) when no answer came within this
 * @param sendDeadline       a send not confirmed within this is reported {@code FAILED} or {@code UNCONFIRMED}
 * @param maxSendsInFlight   sends on the wire without an answer, per connection
 * @param syncPageSize       messages per sync page (1..200)
 * @param historyPageSize    messages per history page when filling a gap (1..200)
 * @param reconnectMin       first reconnect delay; doubles per failed attempt, with jitter
 * @param reconnectMax       longest reconnect delay
 * @param pingInterval       a ping this often keeps the connection from being idle (server closes after 90 s)
 * @param pongTimeout        a connection that does not answer within this after a ping is given up
 * @param quietPeriod        without pushes for this long, compare cursors with /sync/summary (tail loss)
 * @param dedupWindow        how many recent msgIds are remembered for dropping duplicates
 */
public record ClientOptions(int ackEvery, Duration ackInterval, Duration sendAckTimeout, Duration sendDeadline,
        int maxSendsInFlight, int syncPageSize, int historyPageSize, Duration reconnectMin, Duration reconnectMax,
        Duration pingInterval, Duration pongTimeout, Duration quietPeriod, int dedupWindow) {

    public ClientOptions {
        range("ackEvery", ackEvery, 1, 64);
        Objects.requireNonNull(ackInterval, "ackInterval");
        if (ackInterval.isNegative() || ackInterval.isZero() || ackInterval.toMillis() > 250) {
            throw new IllegalArgumentException("ackInterval: " + ackInterval + " (expected: 1..250 ms)");
        }
        positive("sendAckTimeout", sendAckTimeout);
        positive("sendDeadline", sendDeadline);
        range("maxSendsInFlight", maxSendsInFlight, 1, 1024);
        range("syncPageSize", syncPageSize, 1, 200);
        range("historyPageSize", historyPageSize, 1, 200);
        positive("reconnectMin", reconnectMin);
        positive("reconnectMax", reconnectMax);
        positive("pingInterval", pingInterval);
        positive("pongTimeout", pongTimeout);
        positive("quietPeriod", quietPeriod);
        range("dedupWindow", dedupWindow, 1, 1_000_000);
        if (pingInterval.toSeconds() >= 90) {
            throw new IllegalArgumentException("pingInterval: " + pingInterval + " (expected: under 90 s, the idle close)");
        }
    }

    /** The defaults. */
    public static ClientOptions defaults() {
        return new ClientOptions(64, Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofMinutes(2), 128, 200,
                200, Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofSeconds(25), Duration.ofSeconds(10),
                Duration.ofSeconds(30), 4096);
    }

    public ClientOptions withAcks(int every, Duration interval) {
        return new ClientOptions(every, interval, sendAckTimeout, sendDeadline, maxSendsInFlight, syncPageSize,
                historyPageSize, reconnectMin, reconnectMax, pingInterval, pongTimeout, quietPeriod, dedupWindow);
    }

    public ClientOptions withSends(Duration ackTimeout, Duration deadline, int inFlight) {
        return new ClientOptions(ackEvery, ackInterval, ackTimeout, deadline, inFlight, syncPageSize,
                historyPageSize, reconnectMin, reconnectMax, pingInterval, pongTimeout, quietPeriod, dedupWindow);
    }

    public ClientOptions withPages(int sync, int history) {
        return new ClientOptions(ackEvery, ackInterval, sendAckTimeout, sendDeadline, maxSendsInFlight, sync,
                history, reconnectMin, reconnectMax, pingInterval, pongTimeout, quietPeriod, dedupWindow);
    }

    public ClientOptions withReconnect(Duration min, Duration max) {
        return new ClientOptions(ackEvery, ackInterval, sendAckTimeout, sendDeadline, maxSendsInFlight, syncPageSize,
                historyPageSize, min, max, pingInterval, pongTimeout, quietPeriod, dedupWindow);
    }

    public ClientOptions withLiveness(Duration ping, Duration pong, Duration quiet) {
        return new ClientOptions(ackEvery, ackInterval, sendAckTimeout, sendDeadline, maxSendsInFlight, syncPageSize,
                historyPageSize, reconnectMin, reconnectMax, ping, pong, quiet, dedupWindow);
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: positive)");
        }
    }
}
