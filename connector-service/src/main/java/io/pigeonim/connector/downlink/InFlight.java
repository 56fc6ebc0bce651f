package io.pigeonim.connector.downlink;

import io.pigeonim.common.frame.ServerFrame;

/** A pushed {@code message} frame not yet covered by the device's cumulative ack. */
public final class InFlight {

    private final ServerFrame.MessageFrame frame;
    private final long pushedAtMillis;
    private int retransmits;
    private long dueAtMillis;

    InFlight(ServerFrame.MessageFrame frame, long pushedAtMillis, long dueAtMillis) {
        this.frame = frame;
        this.pushedAtMillis = pushedAtMillis;
        this.dueAtMillis = dueAtMillis;
    }

    /** When it was first written to the connection. */
    long pushedAtMillis() {
        return pushedAtMillis;
    }

    public ServerFrame.MessageFrame frame() {
        return frame;
    }

    /** How often it was sent again after the first push. */
    public int retransmits() {
        return retransmits;
    }

    public long dueAtMillis() {
        return dueAtMillis;
    }

    void retransmitted(long nextDueAtMillis) {
        retransmits++;
        dueAtMillis = nextDueAtMillis;
    }
}
