package io.pigeonim.connector.ws;

import io.pigeonim.common.frame.FrameLimits;
import io.pigeonim.connector.ack.AckQueue;
import io.pigeonim.connector.session.Connection;
import io.pigeonim.connector.uplink.SendLedger;

/**
 * What one WebSocket's reading side keeps: its {@link Connection} and, per feature that reads frames from it, that
 * feature's state for this connection, handed to the feature's handler with each frame.
 *
 * @implNote Held by {@link ConnectionHandler} in the socket's attributes rather than by the connection, so that each
 *     feature's state stays in its package and {@code session} knows none of them (issue 17): uplink's ledger and the
 *     ack queue are only ever reached from a frame of this socket or from the completions their handlers start.
 */
record Inbound(Connection connection, FrameAssembler frames, BadFrameCounter badFrames, SendLedger sends,
        AckQueue acks) {

    static Inbound of(Connection connection, ConnectionHandler.Limits limits) {
        return new Inbound(connection, new FrameAssembler(FrameLimits.MAX_FRAME_BYTES),
                new BadFrameCounter(limits.badFrameLimit(), limits.badFrameWindowMillis()),
                new SendLedger(limits.answeredWindow(), limits.maxQueuedSends()), new AckQueue());
    }
}
