package io.pigeonim.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.pigeonim.client.transport.ServerApi.SyncPage;
import io.pigeonim.client.transport.ServerApi;
import io.pigeonim.client.transport.ServerApiException;
import io.pigeonim.common.async.Failures;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;

/**
 * One paged sync (PROTOCOL.md §4) on a fresh connection: each request acknowledges the previous page, and only
 * once every gap that page opened is filled, so the server's cursor never passes a message the app lacks.
 * The last request carries the last page's token and answers {@code next: null}.
 */
final class SyncRun {

    private final ServerApi api;
    private final String token;
    private final int pageSize;
    private final Inbox inbox;
    private final Executor loop;
    private final BooleanSupplier current;
    private final Runnable done;
    private final Consumer<Throwable> failed;
    private final Inbox.Retry retry;
    private int failures;
    private final Map<String, Long> previous = new HashMap<>();

    SyncRun(ServerApi api, String token, int pageSize, Inbox inbox, Executor loop, BooleanSupplier current,
            Runnable done, Consumer<Throwable> failed, Inbox.Retry retry) {
        this.api = api;
        this.token = token;
        this.pageSize = pageSize;
        this.inbox = inbox;
        this.loop = loop;
        this.current = current;
        this.done = done;
        this.failed = failed;
        this.retry = retry;
    }

    void start() {
        page(null);
    }

    /** Pulls the page after {@code ack} (null: the first). A failed request is retried with the same token. */
    void page(String ack) {
        api.sync(token, ack, pageSize).whenComplete((page, failure) -> loop.execute(() -> {
            if (!current.getAsBoolean()) {
                return;
            }
            Throwable cause = Failures.unwrap(failure);
            if (cause instanceof ServerApiException e && e.retriable()) {
                failures++;
                Duration delay = e.retryAfter() != null ? e.retryAfter()
                        : Duration.ofMillis(Math.min(10_000, 250L << Math.min(failures, 6)));
                retry.after(delay, () -> page(ack));
            } else if (cause != null) {
                failed.accept(cause);
            } else {
                failures = 0;
                received(page);
            }
        }));
    }

    private void received(SyncPage page) {
        for (MessageFrame m : page.messages()) {
            // sync lists every message after the server's cursor, so within a run each one's predecessor is the
            // previous one of its conversation; the first of a run may follow a gap (a cursor the server lacks)
            Long before = previous.put(m.conversationId(), m.seq());
            inbox.receive(m, before != null && inbox.cursor(m.conversationId()) >= before);
        }
        inbox.whenFilled(() -> {
            if (!current.getAsBoolean()) {
                return;
            }
            if (page.next() != null) {
                page(page.next());
            } else {
                done.run();
            }
        });
    }
}
