package io.pigeonim.bench.connections;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.pigeonim.testsupport.FrameSender;
import io.pigeonim.testsupport.LoadSocket;
import io.pigeonim.testsupport.UpgradeRefusedException;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;

/**
 * A device that connects, answers nothing but keeps its connection alive with a {@code ping} now and then, and when
 * the server closes it comes back with jittered exponential backoff (200 ms doubling to 5 s) and syncs, like a phone
 * in a pocket. What the connections benchmark opens by the thousand. Its first connection goes where the benchmark
 * places it; each reconnect goes where the {@link Balancer} in front sends it (the gateway, or the connectors).
 */
final class IdleDevice implements LoadSocket.Frames {

    /**
     * How a device opens a socket: a {@code NioSockets} group's ({@code --client nio}) or a {@link LoadSocket} over
     * one JDK client ({@code --client jdk}); either completes once the first {@code pong} came back.
     */
    interface Dial {
        CompletableFuture<? extends FrameSender> open(URI uri, LoadSocket.Frames frames);
    }

    private static final String PING = FrameCodec.encode(new ClientFrame.Ping());

    private final String token;
    private final Balancer front;
    private final Dial dial;
    private final ScheduledExecutorService timer;
    private final Consumer<IdleDevice> reconnected;
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile FrameSender socket;
    private volatile boolean closing;
    private volatile long lostAtNanos;
    private volatile long backAtNanos;

    /** @param reconnected told (on a timer thread) each time a lost connection is back and answered a ping */
    IdleDevice(String token, Balancer front, Dial dial, ScheduledExecutorService timer,
            Consumer<IdleDevice> reconnected) {
        this.token = token;
        this.front = front;
        this.dial = dial;
        this.timer = timer;
        this.reconnected = reconnected;
    }

    /**
     * Connects to {@code target} (a {@code /ws} URI without query); completes once the first {@code pong} came back,
     * exceptionally when the upgrade was refused or failed. A connect that got no HTTP answer at all is what an L4
     * balancer sees of a dead instance, and it is told; a refusal (503) is an instance that is alive and full, which
     * an L4 balancer does not see.
     */
    CompletableFuture<IdleDevice> connect(URI target) {
        return dial.open(URI.create(target + "?token=" + token), this)
                .whenComplete((s, failure) -> {
                    if (failure != null && refusal(failure) == 0) {
                        front.failed(target);
                    }
                })
                .thenApply(s -> {
                    socket = s;
                    return this;
                });
    }

    /** The HTTP answer behind a failed {@link #connect}: its status (0: none) and {@code Retry-After} (-1: none). */
    private record Refusal(int status, String retryAfter) {

        static final Refusal NONE = new Refusal(0, null);

        /** From either client's refusal anywhere in the cause chain. */
        static Refusal of(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof WebSocketHandshakeException refused) {
                    return new Refusal(refused.getResponse().statusCode(),
                            refused.getResponse().headers().firstValue("Retry-After").orElse(null));
                }
                if (t instanceof UpgradeRefusedException refused) {
                    return new Refusal(refused.status(), refused.retryAfter());
                }
            }
            return NONE;
        }

        /** Delta-seconds, the form Pigeon's servers send; an HTTP date or nothing is -1. */
        long retryAfterSeconds() {
            try {
                return retryAfter == null ? -1 : Long.parseLong(retryAfter.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /**
     * The HTTP status of the refusal behind a failed {@link #connect}, from either client, or 0 when the connect got
     * no HTTP answer.
     */
    static int refusal(Throwable failure) {
        return Refusal.of(failure).status();
    }

    /** The {@code Retry-After} seconds of the refusal behind a failed {@link #connect}, or -1 when it has none. */
    static long retryAfterSeconds(Throwable failure) {
        return Refusal.of(failure).retryAfterSeconds();
    }

    String token() {
        return token;
    }

    boolean connected() {
        FrameSender s = socket;
        return s != null && !s.isClosed();
    }

    /** When the server last closed this device's connection ({@link System#nanoTime}), 0 if never. */
    long lostAtNanos() {
        return lostAtNanos;
    }

    /** When this device was last connected again after a loss (its first pong), 0 if never. */
    long backAtNanos() {
        return backAtNanos;
    }

    void ping() {
        FrameSender s = socket;
        if (s != null && !s.isClosed()) {
            s.send(PING);
        }
    }

    @Override
    public void received(ServerFrame frame, long nanos) {
        // idle: pongs only (the first one completes connect)
    }

    @Override
    public void closed(int code, String reason) {
        socket = null;
        if (closing) {
            return;
        }
        lostAtNanos = System.nanoTime();
        attempts.set(0);
        retry(null);
    }

    /**
     * The next attempt after jittered backoff, or, after a refusal with {@code Retry-After}, when the server said, plus
     * a random part of a second (the header counts whole seconds).
     */
    private void retry(Throwable previous) {
        int attempt = attempts.incrementAndGet();
        long backoff = Math.min(5_000, 200L << Math.min(attempt - 1, 10));
        long retryAfter = previous == null ? -1 : retryAfterSeconds(previous);
        long delay = retryAfter > 0 ? retryAfter * 1000 + ThreadLocalRandom.current().nextLong(1000)
                : backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        timer.schedule(() -> {
            if (closing) {
                return;
            }
            connect(front.next()).whenComplete((d, failure) -> {
                if (failure == null) {
                    backAtNanos = System.nanoTime();
                    reconnected.accept(this);
                } else if (!closing) {
                    retry(failure);
                }
            });
        }, delay, TimeUnit.MILLISECONDS);
    }

    CompletableFuture<Void> close() {
        closing = true;
        FrameSender s = socket;
        return s == null ? CompletableFuture.completedFuture(null) : s.close();
    }
}
