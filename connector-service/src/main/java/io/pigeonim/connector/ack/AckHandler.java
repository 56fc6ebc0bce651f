package io.pigeonim.connector.ack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;
import io.pigeonim.common.async.Failures;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.connector.session.Connection;

/**
 * Handles a device's {@code ack} (ack:R) in two steps (PROTOCOL.md §3).
 *
 * <ol>
 *   <li>At once, on the socket thread: what it covers is no longer resent and leaves the connection's window,
 *       and the pushes that waited for that room go out. The device has those messages; durability is what
 *       {@code ack_ok} and the sync position wait for, not retransmission or flow control.</li>
 *   <li>Then it is recorded through message-service and answered {@code ack_ok} (ack:A) with what was recorded.
 *       One recording per connection at a time; frames read meanwhile wait in the connection's
 *       {@link AckQueue}, merged, and go together in the next one. So acks are
 *       never refused for their rate, and a device's cursors move forward only.</li>
 * </ol>
 */
public final class AckHandler {

    private final AckClient client;
    private final AckedFrames acked;
    private final LongSupplier nanos;
    private final LongSupplier millis;
    private final Counter frames;
    private final Counter requests;
    private final Timer recording;

    /**
     * @param acked what reading an ack does at once (the downlink's window; writes what waited for room)
     * @param nanos a monotonic clock in nanoseconds (System::nanoTime) for the recording timer
     * @param millis the clock pushes are stamped with (the connector's {@code Clock}), for the ack round trip
     */
    public AckHandler(AckClient client, AckedFrames acked, MeterRegistry meters, LongSupplier nanos,
            LongSupplier millis) {
        this.client = client;
        this.acked = acked;
        this.nanos = nanos;
        this.millis = millis;
        this.frames = Counter.builder("pigeon.connector.acks")
                .description("ack frames read from devices").register(meters);
        this.requests = Counter.builder("pigeon.connector.ack.requests")
                .description("Ack requests recorded through message-service (waiting frames merged into one)")
                .register(meters);
        this.recording = Timer.builder("pigeon.connector.ack.recorded")
                .description("From an ack request's start until message-service answered it (durable or refused)")
                .publishPercentiles(0.5, 0.99, 0.999).register(meters);
    }

    /** Handles one validated {@code ack} of {@code c}, whose waiting acks {@code queue} keeps. */
    public void handle(Connection c, AckQueue queue, ClientFrame.Ack ack) {
        frames.increment();
        List<AckEntry> entries = ack.acks();
        boolean vouched = acked.read(c, entries, millis.getAsLong());
        if (queue.offer(entries, vouched)) {
            recordNext(c, queue);
        }
    }

    /** Records what waits in {@code c}'s queue, answers it in order, then goes on with what arrived meanwhile. */
    private void recordNext(Connection c, AckQueue queue) {
        List<List<AckEntry>> next = queue.take();
        if (next.isEmpty()) {
            return;
        }
        if (!c.isOpen()) {
            queue.clear();
            queue.take();
            return;
        }
        long started = nanos.getAsLong();
        List<CompletableFuture<AckResponse>> answers = new ArrayList<>(next.size());
        for (List<AckEntry> entries : next) {
            answers.add(record(new AckRequest(c.uid(), c.deviceId(), entries)));
        }
        requests.increment(next.size());
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).handle((ok, failure) -> {
            recording.record(nanos.getAsLong() - started, TimeUnit.NANOSECONDS);
            c.inOrder(() -> answers.forEach(answer -> answer(c, answer)));
            recordNext(c, queue);
            return null;
        });
    }

    private CompletableFuture<AckResponse> record(AckRequest request) {
        try {
            return client.record(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void answer(Connection c, CompletableFuture<AckResponse> answer) {
        try {
            c.write(new ServerFrame.AckOk(answer.join().acks()));
        } catch (CompletionException failure) {
            Throwable cause = Failures.unwrap(failure);
            ErrorCode code = cause instanceof AckRefusedException refused ? refused.code() : ErrorCode.INTERNAL;
            c.write(ServerFrame.Error.of(code, cause.getMessage()));
        } catch (RuntimeException failure) {
            c.write(ServerFrame.Error.of(ErrorCode.INTERNAL, failure.getMessage()));
        }
    }
}
