package io.pigeonim.connector.ws;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.CloseCode;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.FrameException;
import io.pigeonim.common.frame.FrameLimits;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.trace.LogContext;
import io.pigeonim.connector.ack.AckHandler;
import io.pigeonim.connector.session.Connection;
import io.pigeonim.connector.uplink.SendHandler;

/**
 * The {@code /ws} endpoint: one {@link Connection} per WebSocket, every client frame decoded by
 * {@link FrameCodec#decodeClient} and handed to its feature with the feature's state for the connection
 * ({@link Inbound}).
 *
 * <p>The route is written before the first frame is read (Tomcat reads only once this handler's
 * {@code afterConnectionEstablished} returned), so a connection gets pushes from its first ping on.
 */
public final class ConnectionHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final String INBOUND = "pigeon.inbound";
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    /** Per-connection limits. */
    public record Limits(int sendTimeLimitMillis, int sendBufferBytes, int answeredWindow, int maxQueuedSends,
            int badFrameLimit, long badFrameWindowMillis) {
    }

    private final ConnectionRoutes routes;
    private final SendHandler sends;
    private final AckHandler acks;
    private final Clock clock;
    private final Limits limits;
    private final AtomicLong epochs = new AtomicLong();
    private final CloseCounter closes;
    private final Consumer<Connection> closed;

    /** @param closed what the other features do when a connection has closed (the downlink forgets its window) */
    public ConnectionHandler(ConnectionRoutes routes, SendHandler sends, AckHandler acks, Clock clock, Limits limits,
            CloseCounter closes, Consumer<Connection> closed) {
        this.closes = closes;
        this.closed = closed;
        this.routes = routes;
        this.sends = sends;
        this.acks = acks;
        this.clock = clock;
        this.limits = limits;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        String uid = (String) session.getAttributes().get(IdentityHandshakeInterceptor.UID);
        String deviceId = (String) session.getAttributes().get(IdentityHandshakeInterceptor.DEVICE_ID);
        boundBlockingSends(session);
        Connection c = new Connection(epochs.incrementAndGet(), uid, deviceId, session, limits.sendBufferBytes(),
                clock.millis());
        if (session.getAttributes().get(IdentityHandshakeInterceptor.EXPIRES_AT) instanceof Instant expiresAt) {
            c.expireAt(expiresAt.toEpochMilli());
        }
        Connection older;
        try {
            older = routes.open(c);
        } catch (ConnectionRoutes.ShuttingDownException e) {
            c.close(CloseCode.SERVICE_RESTART, "service restart");
            return;
        } catch (RuntimeException e) {
            log.warn("route registry unavailable, refusing a connection: {}", e.toString());
            c.close(CloseCode.TRY_AGAIN_LATER, "route registry unavailable");
            return;
        }
        session.getAttributes().put(INBOUND, Inbound.of(c, limits));
        if (older != null) {
            older.close(CloseCode.NORMAL, "replaced");
        }
    }

    /** Frames come in parts of at most the container's (small) buffer; {@link FrameAssembler} joins them. */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Inbound in = inbound(session);
        if (in == null) {
            return;
        }
        Connection c = in.connection();
        // the frame's log lines name the device (and SendHandler adds the message): docs/operations.md, Logs
        LogContext.device(c.uid(), c.deviceId());
        try {
            handleText(in, message);
        } finally {
            LogContext.clear();
        }
    }

    private void handleText(Inbound in, TextMessage message) {
        Connection c = in.connection();
        long now = clock.millis();
        c.touch(now);
        String text;
        try {
            text = in.frames().text(message.getPayload(), message.isLast());
        } catch (FrameAssembler.TooBigException e) {
            c.close(CloseCode.TOO_BIG, "frame over " + FrameLimits.MAX_FRAME_BYTES + " bytes");
            return;
        }
        if (text == null) {
            return;
        }
        ClientFrame frame;
        try {
            frame = FrameCodec.decodeClient(text);
        } catch (FrameException e) {
            c.write(ServerFrame.Error.of(e));
            badFrame(in, now);
            return;
        }
        if (frame instanceof ClientFrame.Send send) {
            if (sends.handle(c, in.sends(), send)) {
                badFrame(in, now);
            }
        } else if (frame instanceof ClientFrame.Ack ack) {
            acks.handle(c, in.acks(), ack);
        } else {
            c.write(new ServerFrame.Pong());
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        Inbound in = inbound(session);
        if (in == null) {
            return;
        }
        Connection c = in.connection();
        long now = clock.millis();
        c.touch(now);
        try {
            if (!in.frames().binary(message.getPayloadLength(), message.isLast())) {
                return;
            }
        } catch (FrameAssembler.TooBigException e) {
            c.close(CloseCode.TOO_BIG, "frame over " + FrameLimits.MAX_FRAME_BYTES + " bytes");
            return;
        }
        c.write(ServerFrame.Error.of(ErrorCode.BAD_FRAME, "binary frame (expected: a JSON text frame)"));
        badFrame(in, now);
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        Inbound in = inbound(session);
        if (in != null) {
            in.connection().touch(clock.millis());
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("transport error on {}: {}", session.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        closes.closed(status.getCode());
        Inbound in = inbound(session);
        if (in != null) {
            routes.closed(in.connection());
            closed.accept(in.connection());
        }
    }

    private void badFrame(Inbound in, long now) {
        if (in.badFrames().record(now)) {
            in.connection().close(CloseCode.POLICY_VIOLATION, "too many bad frames");
        }
    }

    private void boundBlockingSends(WebSocketSession session) {
        if (session instanceof NativeWebSocketSession nativeSession
                && nativeSession.getNativeSession() instanceof jakarta.websocket.Session jakartaSession) {
            // a write to a stalled client fails after the send time limit (then the connection closes as a
            // slow consumer); blocking writes (close frames) give up after it too, not after Tomcat's 20 s
            jakartaSession.getAsyncRemote().setSendTimeout(limits.sendTimeLimitMillis());
            jakartaSession.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, (long) limits.sendTimeLimitMillis());
        }
    }

    private static Inbound inbound(WebSocketSession session) {
        return (Inbound) session.getAttributes().get(INBOUND);
    }
}
