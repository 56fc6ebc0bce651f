package io.pigeonim.client;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.pigeonim.client.transport.ServerApi;

/**
 * The REST calls the event thread makes, with the current connection's token, their answers posted back to
 * the event thread (and dropped once the client stopped). Loop thread only.
 */
final class LoopApi implements Inbox.History {

    private final ServerApi api;
    private final Executor loop;
    private final BooleanSupplier stopped;
    private final int historyPageSize;
    private String token;

    LoopApi(ServerApi api, Executor loop, BooleanSupplier stopped, int historyPageSize) {
        this.api = api;
        this.loop = loop;
        this.stopped = stopped;
        this.historyPageSize = historyPageSize;
    }

    /** The token of the latest connection; REST calls use it from then on. */
    void token(String token) {
        this.token = token;
    }

    String token() {
        return token;
    }

    ServerApi api() {
        return api;
    }

    @Override
    public void after(String conversationId, long afterSeq, Consumer<ServerApi.HistoryPage> page,
            Consumer<Throwable> failed) {
        api.history(token, conversationId, afterSeq, historyPageSize).whenComplete((p, failure) -> loop.execute(() -> {
            if (!stopped.getAsBoolean()) {
                if (failure != null) {
                    failed.accept(failure);
                } else {
                    page.accept(p);
                }
            }
        }));
    }

    /** The summary; a failed call is dropped (the next quiet period asks again). */
    void summary(Consumer<List<ServerApi.SummaryEntry>> entries) {
        api.summary(token).whenComplete((e, failure) -> loop.execute(() -> {
            if (failure == null && !stopped.getAsBoolean()) {
                entries.accept(e);
            }
        }));
    }
}
