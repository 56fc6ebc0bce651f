package io.pigeonim.connector.ack;

import java.util.List;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.connector.session.Connection;

/**
 * What an {@code ack} does the moment it is read, before it is recorded (PROTOCOL.md §3): what it covers is no
 * longer resent, and its room in the connection's window is free again. The downlink does it; config wires it.
 */
public interface AckedFrames {

    /**
     * Acts on {@code entries} read from {@code c}.
     *
     * @return whether every entry is vouched for by what was pushed on {@code c} (see {@link AckQueue})
     */
    boolean read(Connection c, List<AckEntry> entries, long nowMillis);
}
