package io.pigeonim.connector.ack;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.connector.session.Connection;

/**
 * Handles a device's {@code ack} (ack:R): records it through message-service and answers
 * {@code ack_ok} (ack:A), then stops retransmitting what it covers and lets pushes that waited for room
 * in the window go out. A connection's acks are recorded one after the other, so their answers keep the
 * frames' order and cursors only move forward.
 */
public final class AckHandler {

    private final AckClient client;
    private final int maxPending;
    private final Counter acks;
    private final Consumer<Connection> windowOpened;

    /** @param windowOpened called after acks made room in a connection's window (writes what waited) */
    public AckHandler(AckClient client, int maxPending, Counter acks, Consumer<Connection> windowOpened) {
        this.client = client;
        this.maxPending = maxPending;
        this.acks = acks;
        this.windowOpened = windowOpened;
    }

    public void handle(Connection c, ClientFrame.Ack ack) {
        AckRequest request = new AckRequest(c.uid(), c.deviceId(), ack.acks());
        boolean chained = c.chain(() -> record(c, request), maxPending);
        if (!chained) {
            c.write(ServerFrame.Error.of(ErrorCode.RATE_LIMITED, "too many acks waiting to be recorded"));
        }
    }

    private CompletableFuture<Void> record(Connection c, AckRequest request) {
        return client.record(request).handle((recorded, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                ErrorCode code = cause instanceof AckRefusedException refused ? refused.code() : ErrorCode.INTERNAL;
                c.write(ServerFrame.Error.of(code, cause.getMessage()));
                return null;
            }
            acks.increment();
            for (AckEntry entry : recorded.acks()) {
                c.deliveries().acked(entry.conversationId(), entry.seq());
            }
            c.write(new ServerFrame.AckOk(recorded.acks()));
            windowOpened.accept(c);
            return null;
        });
    }
}
