package io.pigeonim.client;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.pigeonim.client.transport.Transport;

/**
 * The {@link FaultProxy}'s faults as a {@link Transport} decorator, for tests against {@link StandInPigeonServer}
 * (no sockets): drops, delays (so reorders), duplicates frames both ways and cuts connections, from a seed.
 */
final class FaultyTransport implements Transport {

    private final Transport inner;
    private final FaultProxy.Faults faults;
    private final Random random;
    private final ScheduledExecutorService timers;
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();

    FaultyTransport(Transport inner, FaultProxy.Faults faults, long seed, ScheduledExecutorService timers) {
        this.inner = inner;
        this.faults = faults;
        this.random = new Random(seed);
        this.timers = timers;
    }

    @Override
    public CompletableFuture<Connection> connect(String token, Listener listener) {
        AtomicBoolean cut = new AtomicBoolean();
        Listener faulty = new Listener() {
            @Override
            public void onText(String text) {
                if (!cut.get()) {
                    withFaults(text, t -> {
                        if (!cut.get()) {
                            listener.onText(t);
                        }
                    });
                }
            }

            @Override
            public void onClosed(int code, String reason) {
                if (cut.compareAndSet(false, true)) {
                    listener.onClosed(code, reason);
                }
            }
        };
        return inner.connect(token, faulty).thenApply(connection -> {
            if (faults.meanCut() != null) {
                long after;
                synchronized (random) {
                    after = (long) (-Math.log(1 - random.nextDouble()) * faults.meanCut().toMillis());
                }
                timers.schedule(() -> {
                    if (cut.compareAndSet(false, true)) {
                        cuts.incrementAndGet();
                        connection.abort();
                        listener.onClosed(1006, "cut");
                    }
                }, Math.max(100, after), TimeUnit.MILLISECONDS);
            }
            return new Connection() {
                @Override
                public void send(String text) {
                    if (!cut.get()) {
                        withFaults(text, t -> {
                            if (!cut.get()) {
                                connection.send(t);
                            }
                        });
                    }
                }

                @Override
                public void close(int code, String reason) {
                    cut.set(true);
                    connection.close(code, reason);
                }

                @Override
                public void abort() {
                    cut.set(true);
                    connection.abort();
                }
            };
        });
    }

    int dropped() {
        return dropped.get();
    }

    int cuts() {
        return cuts.get();
    }

    private void withFaults(String text, Consumer<String> forward) {
        boolean drop;
        boolean twice;
        long delay;
        synchronized (random) {
            drop = random.nextDouble() < faults.drop();
            twice = random.nextDouble() < faults.duplicate();
            delay = random.nextDouble() < faults.delay() ? 1 + random.nextInt((int) Math.max(1, faults.maxDelay().toMillis())) : 0;
        }
        if (drop) {
            dropped.incrementAndGet();
            return;
        }
        for (int i = 0; i < (twice ? 2 : 1); i++) {
            if (delay > 0) {
                timers.schedule(() -> forward.accept(text), delay, TimeUnit.MILLISECONDS);
            } else {
                forward.accept(text);
            }
        }
    }
}
