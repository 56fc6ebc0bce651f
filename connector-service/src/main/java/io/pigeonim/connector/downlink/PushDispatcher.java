package io.pigeonim.connector.downlink;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.trace.LogContext;
import io.pigeonim.connector.ack.AckedFrames;
import io.pigeonim.connector.session.Connection;
import io.pigeonim.connector.session.SessionRegistry;

/**
 * Writes pushed frames to the local connections of their users, in the order of the request;
 * {@code message} frames are tracked for retransmission within each connection's window, wait behind it
 * when it is full (written once acknowledgements make room), and past the
 * waiting line the connection is told to sync (closed with 1013). It is also what an ack does when it is read
 * ({@link AckedFrames}).
 */
public final class PushDispatcher implements AckedFrames {

    private final SessionRegistry sessions;
    private final DeliveryWindows windows;
    private final Retransmitter retransmitter;
    private final Counter pushesSent;
    private final Counter late;
    private final Timer age;
    private final LongSupplier clock;

    /**
     * @param age records, per pushed {@code message}, the time since the connector accepted it ({@code sendTime}):
     *     the whole way through Kafka, message-service and the push hop, on the server's wall clock
     * @param late counts {@code message} frames not written because a later seq of their conversation was pushed to
     *     the connection first ({@link DeliveryWindow.Admission#LATE})
     */
    public PushDispatcher(SessionRegistry sessions, DeliveryWindows windows, Retransmitter retransmitter,
            Counter pushesSent, Counter late, Timer age, LongSupplier clock) {
        this.sessions = sessions;
        this.windows = windows;
        this.retransmitter = retransmitter;
        this.pushesSent = pushesSent;
        this.late = late;
        this.age = age;
        this.clock = clock;
    }

    /** Writes every push; returns how many connection writes were made. */
    public int push(PushRequest request) {
        int writes = 0;
        try {
            for (PushRequest.Push push : request.pushes()) {
                if (push.frame() instanceof ServerFrame.MessageFrame message) {
                    age.record(Math.max(0, clock.getAsLong() - message.sendTime()), TimeUnit.MILLISECONDS);
                    // the writes' log lines name the message (its sender's ids, not the receivers')
                    LogContext.message(message.msgId(), message.clientMsgId(), message.conversationId());
                }
                writes += write(push);
                LogContext.clearMessage();
            }
        } finally {
            LogContext.clearMessage();
        }
        pushesSent.increment(writes);
        return writes;
    }

    private int write(PushRequest.Push push) {
        int writes = 0;
        String encoded = FrameCodec.encode(push.frame());
        for (String uid : new LinkedHashSet<>(push.uids())) {
            for (Connection c : sessions.of(uid)) {
                if (write(c, push.frame(), encoded)) {
                    writes++;
                }
            }
        }
        return writes;
    }

    private boolean write(Connection c, ServerFrame frame, String encoded) {
        if (!(frame instanceof ServerFrame.MessageFrame message)) {
            return c.writeEncoded(encoded);
        }
        DeliveryWindow window = windows.of(c);
        if (window == null) {
            return false;
        }
        DeliveryWindow.Admission[] admission = {null};
        boolean[] written = {false};
        long now = clock.getAsLong();
        long due = retransmitter.firstDueAtMillis(window);
        c.inOrder(() -> {
            admission[0] = window.admit(message, now, due);
            if (admission[0] == DeliveryWindow.Admission.SEND) {
                written[0] = c.writeEncoded(encoded);
            }
        });
        if (written[0]) {
            retransmitter.arm(c, window, due);
        } else if (admission[0] == DeliveryWindow.Admission.OVERFLOW) {
            c.closeSoon("too many unacknowledged messages: sync");
        } else if (admission[0] == DeliveryWindow.Admission.LATE) {
            late.increment();
        }
        return written[0];
    }

    /**
     * An ack read from {@code c}: what it covers is no longer resent, and the frames that waited for the room it
     * made are written.
     */
    @Override
    public boolean read(Connection c, List<AckEntry> entries, long nowMillis) {
        DeliveryWindow window = windows.existing(c);
        if (window == null) {
            // nothing was pushed on c: nothing to stop resending, and nothing vouches for the entries
            return false;
        }
        DeliveryWindow.Read read = window.read(entries, nowMillis);
        if (read.freed() > 0) {
            releaseWaiting(c, window);
        }
        return read.vouched();
    }

    /** Writes the frames that waited for room in {@code c}'s window, now that acknowledgements made some. */
    private void releaseWaiting(Connection c, DeliveryWindow window) {
        boolean[] written = {false};
        long now = clock.getAsLong();
        long due = retransmitter.firstDueAtMillis(window);
        c.inOrder(() -> {
            for (ServerFrame.MessageFrame message : window.release(now, due)) {
                if (!c.write(message)) {
                    return;
                }
                written[0] = true;
                pushesSent.increment();
            }
        });
        if (written[0]) {
            retransmitter.arm(c, window, due);
        }
    }
}
