package io.pigeonim.connector.downlink;

/**
 * A connection's ack round trip (a {@code message} frame written → the device's ack that covers it, read), smoothed
 * the way TCP smooths its own (RFC 6298 §2): the first sample R sets SRTT = R and RTTVAR = R/2, each later one
 * RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R| and SRTT = 7/8 SRTT + 1/8 R. Only frames never resent are sampled (Karn's
 * rule: an ack after a resend cannot tell which copy it answers). Not thread-safe: its {@link DeliveryWindow} guards it.
 */
public final class AckRoundTrip {

    private long smoothedMillis = -1;
    private long variationMillis;

    /** Adds one sample. */
    void sample(long millis) {
        long r = Math.max(0, millis);
        if (smoothedMillis < 0) {
            smoothedMillis = r;
            variationMillis = r / 2;
            return;
        }
        variationMillis = (3 * variationMillis + Math.abs(smoothedMillis - r)) / 4;
        smoothedMillis = (7 * smoothedMillis + r) / 8;
    }

    /** SRTT + 4 RTTVAR: how long an ack may take on this connection and still be normal; 0 before any sample. */
    long timeoutMillis() {
        return smoothedMillis < 0 ? 0 : smoothedMillis + 4 * variationMillis;
    }

    /** The smoothed round trip, or -1 before any sample. */
    long smoothedMillis() {
        return smoothedMillis;
    }
}
