package io.pigeonim.connector.session;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

import io.pigeonim.common.frame.CloseCode;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;

/**
 * One WebSocket connection of a (uid, deviceId): its identity and its outbound writes.
 *
 * <p>Writes are decided under one lock so that frames written by different threads (the socket
 * thread, broker callbacks, pushes, retransmissions) leave in the order they were decided, and go out
 * through an {@link Outbox}: asynchronous, so no thread ever waits for a client that stops reading, and
 * bounded, so such a client costs at most its buffer. A connection whose buffer overflows, or whose
 * write times out, is closed with 1013 (the client reconnects and syncs).
 *
 * <p>What each feature keeps per connection lives in its own package: what is read from the socket (frame
 * assembly, bad frames, uplink's {@code SendLedger}, the ack queue) is held by the {@code ws} handler for its
 * socket, and the downlink's window by the downlink ({@code DeliveryWindows}). A connection hands none of it out.
 */
public final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final int CLOSE_ATTEMPTS = 40;
    /** Runs {@link #closeSoon}: a close frame may wait behind a stalled write, never on a caller's thread. */
    private static final ExecutorService CLOSER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "slow-consumer-close");
        t.setDaemon(true);
        return t;
    });

    private final long id;
    private final String uid;
    private final String deviceId;
    private final WebSocketSession out;
    private final Outbox outbox;
    private final Object writeLock = new Object();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long lastSeenMillis;
    private volatile long expiresAtMillis = Long.MAX_VALUE;

    /**
     * @param sendBufferChars characters of frames queued for the client (the one being written included)
     *     before the connection is closed as a slow consumer
     */
    public Connection(long id, String uid, String deviceId, WebSocketSession out, int sendBufferChars,
            long nowMillis) {
        this.id = id;
        this.uid = Objects.requireNonNull(uid, "uid");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.out = Objects.requireNonNull(out, "out");
        this.outbox = new Outbox(transport(out), sendBufferChars,
                () -> closeSoon("slow consumer: a write timed out or failed"));
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

    public boolean isOpen() {
        return out.isOpen();
    }

    public void touch(long nowMillis) {
        lastSeenMillis = nowMillis;
    }

    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    /** The connection closes at this time (epoch millis): when the client's token expires. */
    public void expireAt(long epochMillis) {
        expiresAtMillis = epochMillis;
    }

    /** When the connection closes for its token's expiry; {@code Long.MAX_VALUE}: never (the gateway closes it). */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /** Queues one frame for the client; false when the connection is closed or was just closed as a slow consumer. */
    public boolean write(ServerFrame frame) {
        return writeEncoded(FrameCodec.encode(frame));
    }

    /**
     * {@link #write} for a frame already encoded with {@link FrameCodec#encode}: a push to many connections
     * (a group message) is encoded once, not once per connection.
     */
    public boolean writeEncoded(String text) {
        synchronized (writeLock) {
            if (!out.isOpen()) {
                return false;
            }
            if (outbox.offer(text)) {
                return true;
            }
        }
        closeSoon("slow consumer: " + outbox.queuedChars() + " characters queued");
        return false;
    }

    /** Characters waiting to be written to the client (the frame being written included). */
    public long queuedChars() {
        return outbox.queuedChars();
    }

    /** Runs {@code writes} while no other thread writes, so that what it decides leaves in that order. */
    public void inOrder(Runnable writes) {
        synchronized (writeLock) {
            writes.run();
        }
    }

    /**
     * Closes the connection once the frames written before are out (an error frame then its close arrive in
     * that order); the handler's close callback then releases its state.
     */
    public void close(CloseCode code, String reason) {
        // on the closer thread: never inside a write's completion callback or a caller's locks
        if (!outbox.offerAfterQueued(() -> CLOSER.execute(() -> closeNow(code, reason, 1)))) {
            CLOSER.execute(() -> closeNow(code, reason, 1));
        }
    }

    /** Closes the session; a container that is still finishing a write refuses, so it is tried again shortly. */
    private void closeNow(CloseCode code, String reason, int attempt) {
        if (!out.isOpen()) {
            return;
        }
        try {
            out.close(new CloseStatus(code.code(), reason));
        } catch (IllegalStateException e) {
            if (attempt < CLOSE_ATTEMPTS) {
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS, CLOSER)
                        .execute(() -> closeNow(code, reason, attempt + 1));
            } else {
                log.warn("close of connection {} refused {} times: {}", id, attempt, e.toString());
            }
        } catch (IOException e) {
            log.debug("close of connection {} failed: {}", id, e.toString());
        }
    }

    /**
     * Closes the connection with 1013 (try again later: the client reconnects and syncs), once, from a
     * closer thread: its close frame may have to wait behind a stalled write, never on a caller's thread.
     */
    public void closeSoon(String why) {
        if (out.isOpen() && closing.compareAndSet(false, true)) {
            log.info("closing {}: {}", this, why);
            // at once, not behind the queue: the queue is what does not drain
            CLOSER.execute(() -> closeNow(CloseCode.TRY_AGAIN_LATER, why.length() > 100 ? why.substring(0, 100) : why, 1));
        }
    }

    /**
     * Tomcat's asynchronous remote endpoint when the session has one (send timeout set on the handshake by
     * ConnectionHandler); otherwise, as with test doubles, a synchronous send.
     */
    private static Outbox.Transport transport(WebSocketSession session) {
        if (session instanceof NativeWebSocketSession nativeSession
                && nativeSession.getNativeSession() instanceof jakarta.websocket.Session jakartaSession) {
            jakarta.websocket.RemoteEndpoint.Async remote = jakartaSession.getAsyncRemote();
            return (text, done) -> {
                try {
                    remote.sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
                } catch (RuntimeException e) {
                    done.accept(e);
                }
            };
        }
        return (text, done) -> {
            try {
                session.sendMessage(new TextMessage(text));
                done.accept(null);
            } catch (IOException | RuntimeException e) {
                done.accept(e);
            }
        };
    }

    @Override
    public String toString() {
        return "Connection[" + id + " " + uid + "/" + deviceId + "]";
    }
}
