package io.pigeonim.connector.session;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;

import io.pigeonim.common.frame.CloseCode;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;

/**
 * One WebSocket connection of a (uid, deviceId): its identity, its outbound writes and its state.
 *
 * <p>Writes are serialized by one lock so that frames written by different threads (the socket
 * thread, broker callbacks, pushes, retransmissions) leave in the order they were decided; the
 * session is a bounded {@code ConcurrentWebSocketSessionDecorator}, and a connection whose buffer
 * overflows is closed with 1013 (the client reconnects and syncs).
 */
public final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final long id;
    private final String uid;
    private final String deviceId;
    private final WebSocketSession out;
    private final SendLedger sends;
    private final DeliveryWindow deliveries;
    private final BadFrameCounter badFrames;
    private final Object writeLock = new Object();
    private final AtomicInteger pendingAcks = new AtomicInteger();
    private CompletableFuture<Void> ackTail = CompletableFuture.completedFuture(null);
    private volatile long lastSeenMillis;

    public Connection(long id, String uid, String deviceId, WebSocketSession out, SendLedger sends,
            DeliveryWindow deliveries, BadFrameCounter badFrames, long nowMillis) {
        this.id = id;
        this.uid = Objects.requireNonNull(uid, "uid");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.out = Objects.requireNonNull(out, "out");
        this.sends = sends;
        this.deliveries = deliveries;
        this.badFrames = badFrames;
        this.lastSeenMillis = nowMillis;
    }

    /** A number unique within this process: the connection's epoch. */
    public long id() {
        return id;
    }

    public String uid() {
        return uid;
    }

    public String deviceId() {
        return deviceId;
    }

    public SendLedger sends() {
        return sends;
    }

    public DeliveryWindow deliveries() {
        return deliveries;
    }

    public BadFrameCounter badFrames() {
        return badFrames;
    }

    public boolean isOpen() {
        return out.isOpen();
    }

    public void touch(long nowMillis) {
        lastSeenMillis = nowMillis;
    }

    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    /** Writes one frame; false when the connection is closed or was just closed as a slow consumer. */
    public boolean write(ServerFrame frame) {
        String text = FrameCodec.encode(frame);
        synchronized (writeLock) {
            if (!out.isOpen()) {
                return false;
            }
            try {
                out.sendMessage(new TextMessage(text));
                return true;
            } catch (SessionLimitExceededException e) {
                close(CloseCode.TRY_AGAIN_LATER, "slow consumer");
                return false;
            } catch (IOException | IllegalStateException e) {
                log.debug("write to connection {} failed: {}", id, e.toString());
                return false;
            }
        }
    }

    /** Runs {@code writes} while no other thread writes, so that what it decides leaves in that order. */
    public void inOrder(Runnable writes) {
        synchronized (writeLock) {
            writes.run();
        }
    }

    /**
     * Chains an asynchronous step after the previous one of this connection, so that their results
     * are written in the order the steps were chained. False (nothing chained) past {@code maxPending}.
     */
    public boolean chain(Supplier<CompletableFuture<Void>> step, int maxPending) {
        if (pendingAcks.incrementAndGet() > maxPending) {
            pendingAcks.decrementAndGet();
            return false;
        }
        synchronized (this) {
            ackTail = ackTail.thenCompose(ignored -> step.get())
                    .handle((ok, failure) -> {
                        pendingAcks.decrementAndGet();
                        return null;
                    });
        }
        return true;
    }

    /** Closes the connection; the handler's close callback then releases its state. */
    public void close(CloseCode code, String reason) {
        try {
            out.close(new CloseStatus(code.code(), reason));
        } catch (IOException | IllegalStateException e) {
            log.debug("close of connection {} failed: {}", id, e.toString());
        }
    }

    @Override
    public String toString() {
        return "Connection[" + id + " " + uid + "/" + deviceId + "]";
    }
}
