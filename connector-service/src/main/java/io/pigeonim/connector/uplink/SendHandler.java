package io.pigeonim.connector.uplink;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.CloseCode;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.limit.RateLimiter;
import io.pigeonim.common.trace.LogContext;
import io.pigeonim.common.trace.Traces;
import io.pigeonim.connector.session.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles a client's {@code send} (msg:R) and answers it with {@code send_ack} (msg:A) once the
 * broker has it, in clientId order per connection.
 *
 * <p>Checks, in order: the clientId rule (a resend is answered again, a gap is OUT_OF_ORDER), then
 * for a new send membership, the user's rate, room in the connection's queue and the uplink's
 * availability. Every refusal leaves the clientId unused. A publish that fails after acceptance is
 * never acknowledged: the connection gets {@code error} UNAVAILABLE and is closed with 1013, and the
 * client resends with the same clientMsgId on a new connection (the store deduplicates).
 *
 * <p>While a send is handled, the log context names it ({@link LogContext}); with tracing on, a new send is the
 * root span {@code ws send} of its message's trace, from its checks to the broker's acknowledgement.
 *
 * <p>A membership check that must ask message-service ({@link ConversationAccess} answers later) does not hold the
 * socket thread: the connection's next sends wait, in order, until it is answered, and are then handled on the
 * thread that answered it; acks and pings go on meanwhile.
 *
 * @implNote The waiting sends are kept per connection only while a check is under way ({@link WaitingSends}: one
 *     read of an empty map per send in the common case). At most {@value WaitingSends#MAX} wait; past that a send
 *     is refused RATE_LIMITED, its clientId unused, as when the connection's queue is full. A send that
 *     waited and turns out to be a bad frame is answered, but not counted towards the flood limit. Rejected: pausing
 *     the socket's reads (Tomcat-specific) and one future chained per send (an allocation on every send).
 */
public final class SendHandler {

    private static final Logger log = LoggerFactory.getLogger(SendHandler.class);

    private final ConversationAccess access;
    private final RateLimiter rateLimiter;
    private final UplinkPublisher publisher;
    private final Executor completions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter accepted;
    private final Timer published;
    private final Traces traces;
    private final WaitingSends waiting = new WaitingSends();

    /** What handling one send came to. */
    private enum Outcome { DONE, BAD_FRAME, CHECKING }

    public SendHandler(ConversationAccess access, RateLimiter rateLimiter, UplinkPublisher publisher,
            Executor completions, Clock clock, MeterRegistry meters, Traces traces) {
        this.traces = traces;
        this.access = access;
        this.rateLimiter = rateLimiter;
        this.publisher = publisher;
        this.completions = completions;
        this.clock = clock;
        this.meters = meters;
        this.accepted = meters.counter("pigeon.connector.sends.accepted");
        this.published = Timer.builder("pigeon.connector.uplink.published")
                .description("From a send's acceptance until Kafka acknowledged it (acks=all) or the publish failed")
                .publishPercentiles(0.5, 0.99, 0.999).register(meters);
    }

    /**
     * Handles one validated send of {@code c}, whose sends {@code ledger} keeps, or keeps it until the connection's
     * check is answered; true when it was a bad frame (for flood counting).
     */
    public boolean handle(Connection c, SendLedger ledger, ClientFrame.Send send) {
        switch (waiting.offer(c, send)) {
            case WAITING:
                return false;
            case FULL:
                refuse(c, send, ServerFrame.Error.of(ErrorCode.RATE_LIMITED, "too many sends waiting for answers"));
                return false;
            default:
                return handleNow(c, ledger, send) == Outcome.BAD_FRAME;
        }
    }

    /** Handles the sends that waited for a check, in order, until none is left or one starts a check again. */
    private void resume(Connection c, SendLedger ledger) {
        LogContext.device(c.uid(), c.deviceId());
        try {
            for (ClientFrame.Send next = waiting.next(c); next != null; next = waiting.next(c)) {
                if (handleNow(c, ledger, next) == Outcome.CHECKING) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            failedWhileHeld(c, e);
        } finally {
            LogContext.clear();
        }
    }

    /** No socket thread to report it to: the sends that waited go with the connection, and the device resends. */
    private void failedWhileHeld(Connection c, RuntimeException e) {
        waiting.drop(c);
        log.error("a send that waited for a membership check could not be handled", e);
        c.close(CloseCode.INTERNAL_ERROR, "internal error");
    }

    private Outcome handleNow(Connection c, SendLedger ledger, ClientFrame.Send send) {
        // the caller (ConnectionHandler, or resume) clears the log context after the frame
        LogContext.message(null, send.clientMsgId(), send.conversationId());
        SendLedger.Check check = ledger.check(send);
        switch (check.kind()) {
            case GAP:
                refuse(c, send, ServerFrame.Error.of(ErrorCode.OUT_OF_ORDER, "clientId: " + send.clientId()
                        + " (expected: " + check.expected() + ")").withExpectedClientId(check.expected()));
                return Outcome.DONE;
            case MISMATCH:
                refuse(c, send, ServerFrame.Error.of(ErrorCode.BAD_FRAME, "clientId: " + send.clientId()
                        + " was accepted with another clientMsgId or conversationId"));
                return Outcome.BAD_FRAME;
            case RESEND:
                if (!ledger.hasRoom()) {
                    refuse(c, send, ServerFrame.Error.of(ErrorCode.RATE_LIMITED, "too many sends waiting for answers"));
                    return Outcome.DONE;
                }
                ledger.resend(send, MessageIds.of(c.uid(), send.clientMsgId()));
                flush(c, ledger);
                return Outcome.DONE;
            default:
                return acceptNext(c, ledger, send);
        }
    }

    private Outcome acceptNext(Connection c, SendLedger ledger, ClientFrame.Send send) {
        // the rate token first: a flood of sends to groups one is not in must not cost a membership lookup each
        if (!rateLimiter.tryAcquire(c.uid())) {
            refuse(c, send, ServerFrame.Error.of(ErrorCode.RATE_LIMITED, "send rate of " + c.uid() + " over the limit"));
            return Outcome.DONE;
        }
        String msgId = MessageIds.of(c.uid(), send.clientMsgId());
        LogContext.message(msgId, null, null);
        // with tracing on, the send starts a trace: the membership call, the Kafka record (its traceparent) and,
        // through it, message-service's store and push continue it; null when off
        Span span = traces.start("ws send", Span.Kind.SERVER);
        CompletableFuture<ConversationAccess.Refusal> membership;
        try (Tracer.SpanInScope scope = traces.scope(span)) {
            membership = access.check(c.uid(), ConversationId.parse(send.conversationId()));
        }
        if (membership.isDone()) {
            admit(c, ledger, send, msgId, span, membership.join());
            return Outcome.DONE;
        }
        // the connection's next sends wait from now on; the answer handles this one, then them
        waiting.hold(c);
        membership.whenComplete((refusal, failure) -> {
            LogContext.device(c.uid(), c.deviceId());
            LogContext.message(msgId, send.clientMsgId(), send.conversationId());
            try {
                admit(c, ledger, send, msgId, span, failure == null ? refusal : new ConversationAccess.Refusal(
                        ErrorCode.UNAVAILABLE, "membership cannot be checked now, try again later"));
            } catch (RuntimeException e) {
                failedWhileHeld(c, e);
                return;
            } finally {
                LogContext.clear();
            }
            resume(c, ledger);
        });
        return Outcome.CHECKING;
    }

    /** Publishes {@code send} unless {@code refusal} or the connection's queue or the uplink refuses it. */
    private void admit(Connection c, SendLedger ledger, ClientFrame.Send send, String msgId, Span span,
            ConversationAccess.Refusal refusal) {
        long acceptedAt = 0;
        CompletableFuture<Void> publishing = null;
        try (Tracer.SpanInScope scope = traces.scope(span)) {
            if (admitted(c, ledger, send, refusal)) {
                acceptedAt = System.nanoTime();
                publishing = publish(c, send, msgId);
            }
        }
        if (publishing == null) {
            Traces.end(span, null);
            return;
        }
        Accepted a = ledger.accept(send, msgId);
        accepted.increment();
        long since = acceptedAt;
        publishing.whenCompleteAsync((ok, failure) -> {
            published.record(System.nanoTime() - since, TimeUnit.NANOSECONDS);
            Traces.end(span, failure);
            ledger.complete(a, failure == null);
            flush(c, ledger);
        }, completions);
    }

    /** Whether a send passes membership, the connection's queue and the uplink's state; answered when not. */
    private boolean admitted(Connection c, SendLedger ledger, ClientFrame.Send send,
            ConversationAccess.Refusal refusal) {
        if (refusal != null) {
            refuse(c, send, ServerFrame.Error.of(refusal.code(), refusal.message()));
            return false;
        }
        if (!ledger.hasRoom()) {
            refuse(c, send, ServerFrame.Error.of(ErrorCode.RATE_LIMITED, "too many sends waiting for answers"));
            return false;
        }
        if (!publisher.available()) {
            refuse(c, send, ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "uplink unavailable, try again later"));
            return false;
        }
        return true;
    }

    /** The publish of an admitted send; null when the uplink refused it at once (and the send was answered). */
    private CompletableFuture<Void> publish(Connection c, ClientFrame.Send send, String msgId) {
        UplinkMessage message = new UplinkMessage(msgId, send.conversationId(), c.uid(), c.deviceId(),
                send.clientMsgId(), send.contentType(), send.content(), clock.millis());
        try {
            return publisher.publish(message);
        } catch (UplinkUnavailableException e) {
            refuse(c, send, ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "uplink unavailable, try again later"));
            return null;
        }
    }

    /** Writes the answers that are ready, in order; a failed publish closes the connection with 1013. */
    private void flush(Connection c, SendLedger ledger) {
        c.inOrder(() -> {
            for (Accepted a : ledger.drain()) {
                if (a.state() == Accepted.State.DURABLE) {
                    c.write(new ServerFrame.SendAck(a.clientId(), a.clientMsgId(), a.msgId(), a.conversationId()));
                } else {
                    count(ErrorCode.UNAVAILABLE);
                    c.write(ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "the message could not be stored: reconnect "
                            + "and resend it").withClientId(a.clientId()).withClientMsgId(a.clientMsgId()));
                    c.close(CloseCode.TRY_AGAIN_LATER, "uplink unavailable");
                }
            }
        });
    }

    private void refuse(Connection c, ClientFrame.Send send, ServerFrame.Error error) {
        count(error.code());
        c.write(error.withClientId(send.clientId()).withClientMsgId(send.clientMsgId()));
    }

    private void count(ErrorCode code) {
        meters.counter("pigeon.connector.sends.refused", "code", code.name()).increment();
    }
}
