package io.pigeonim.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.pigeonim.testsupport.LoadSocket;
import io.pigeonim.bench.client.GatewayClient;
import io.pigeonim.common.frame.ServerFrame;

/**
 * What a client does when the server closes its connection (PROTOCOL.md §3): reconnect with backoff and jitter,
 * send again what had no answer (the device's {@link Uplink} does), and sync (§4) what it missed meanwhile.
 */
final class Reconnector implements AutoCloseable {

    private static final int ATTEMPTS = 10;
    private static final long FIRST_BACKOFF_MILLIS = 200;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final GatewayClient gateway;
    private final HttpClient http;
    private final Function<String, URI> webSocket;
    private final LoadCounters counters;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("reconnect"));
    private final ExecutorService syncing = Executors.newFixedThreadPool(4, daemon("sync"));

    Reconnector(GatewayClient gateway, HttpClient http, Function<String, URI> webSocket, LoadCounters counters) {
        this.gateway = gateway;
        this.http = http;
        this.webSocket = webSocket;
        this.counters = counters;
    }

    /** Starts reconnecting {@code device}, whose connection the server closed. */
    void lost(Device device) {
        schedule(device, 1);
    }

    private void schedule(Device device, int attempt) {
        long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 10));
        long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        try {
            timer.schedule(() -> connect(device, attempt), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the scenario is closing
        }
    }

    private void connect(Device device, int attempt) {
        if (device.isClosing()) {
            return;
        }
        LoadSocket.connect(http, webSocket.apply(device.token()), device).whenComplete((socket, failure) -> {
            if (failure == null) {
                counters.reconnects.incrementAndGet();
                device.attach(socket);
                syncing.execute(() -> sync(device, 1));
            } else if (attempt < ATTEMPTS) {
                schedule(device, attempt + 1);
            } else {
                counters.givenUp.incrementAndGet();
            }
        });
    }

    /** Pulls every page, each request acknowledging the page before it, until the server says there is no more. */
    private void sync(Device device, int attempt) {
        try {
            String ack = null;
            do {
                counters.syncRequests.incrementAndGet();
                GatewayClient.SyncPage page = gateway.sync(device.token(), ack);
                long now = System.nanoTime();
                for (ServerFrame.MessageFrame m : page.messages()) {
                    counters.synced.incrementAndGet();
                    device.synced(m, now);
                }
                ack = page.next();
            } while (ack != null && !device.isClosing());
        } catch (RuntimeException e) {
            if (attempt < ATTEMPTS && !device.isClosing()) {
                try {
                    timer.schedule(() -> syncing.execute(() -> sync(device, attempt + 1)), 500, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closing) {
                    // the scenario is closing
                }
            } else {
                counters.givenUp.incrementAndGet();
            }
        }
    }

    /**
     * Fills each gap from history (PROTOCOL.md §4), page after page from the seq up to which the device has
     * everything, until a page says there is no more; a failure leaves the gap open, to be filled at a later tick.
     */
    void fillGaps(Device device, Map<String, Long> gaps) {
        gaps.forEach((conversation, upTo) -> {
            try {
                syncing.execute(() -> fill(device, conversation, upTo));
            } catch (RejectedExecutionException e) {
                device.fillDone(conversation);
            }
        });
    }

    private void fill(Device device, String conversation, long upTo) {
        try {
            long after = upTo;
            GatewayClient.HistoryPage page;
            do {
                counters.gapFillRequests.incrementAndGet();
                page = gateway.history(device.token(), conversation, after);
                long now = System.nanoTime();
                for (ServerFrame.MessageFrame m : page.messages()) {
                    counters.gapFilled.incrementAndGet();
                    device.gapFilled(m, now);
                    after = Math.max(after, m.seq());
                }
            } while (page.hasMore() && !page.messages().isEmpty() && !device.isClosing());
        } catch (RuntimeException e) {
            counters.gapFillFailures.incrementAndGet();
        } finally {
            device.fillDone(conversation);
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        syncing.shutdownNow();
    }
}
