package io.pigeonim.connector.ack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pigeonim.common.ack.AckBatchRequest;
import io.pigeonim.common.ack.AckBatchResponse;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.http.InternalClient;
import io.pigeonim.common.http.InternalResponse;
import io.pigeonim.common.http.Problem;
import tools.jackson.core.JacksonException;

/**
 * {@link AckClient} that gathers the acks of all of this instance's connections for {@code window} and
 * records them with one {@code POST /internal/v1/acks/batch} (docs/internal-contracts.md): each device's
 * request is recorded or refused on its own, so one call replaces one per {@code ack} frame. Asynchronous
 * (on the {@link InternalClient}'s threads), so a slow message-service never holds a socket thread. A refusal keeps the
 * problem's {@code code}; a 5xx, a timeout or a refused connection is UNAVAILABLE for the whole batch.
 *
 * @implNote A connection's acks are recorded one after the other (AckHandler), so two acks of one device are
 *     never in flight at once, in one batch or in two.
 */
public final class BatchingAckClient implements AckClient, AutoCloseable {

    private record Pending(AckRequest request, CompletableFuture<AckResponse> answer) {
    }

    private static final String ROUTE = "/internal/v1/acks/batch";

    private final InternalClient http;
    private final String baseUrl;
    private final long windowMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ack-batch");
        t.setDaemon(true);
        return t;
    });
    private List<Pending> pending = new ArrayList<>();
    private boolean flushScheduled;

    /**
     * @param http a client with threads, signing as this service, its read timeout the ack timeout
     * @param window how long the first ack of a batch waits for others (0: every ack is sent at once)
     */
    public BatchingAckClient(InternalClient http, String baseUrl, Duration window) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.windowMillis = window.toMillis();
    }

    @Override
    public CompletableFuture<AckResponse> record(AckRequest request) {
        CompletableFuture<AckResponse> answer = new CompletableFuture<>();
        boolean now;
        synchronized (this) {
            pending.add(new Pending(request, answer));
            now = windowMillis <= 0 || pending.size() >= AckBatchRequest.MAX_REQUESTS;
            if (!now && !flushScheduled) {
                flushScheduled = true;
                timer.schedule(this::flush, windowMillis, TimeUnit.MILLISECONDS);
            }
        }
        if (now) {
            flush();
        }
        return answer;
    }

    private void flush() {
        List<Pending> batch;
        synchronized (this) {
            batch = pending;
            pending = new ArrayList<>();
            flushScheduled = false;
        }
        if (batch.isEmpty()) {
            return;
        }
        AckBatchRequest body = new AckBatchRequest(batch.stream().map(Pending::request).toList());
        // the credential covers the body: the uid/deviceId of each entry are this connector's word for its sessions
        http.postAsync(baseUrl, ROUTE, body)
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        refuseAll(batch, new AckRefusedException(ErrorCode.UNAVAILABLE,
                                "acks could not be recorded, try again later"));
                    } else {
                        answer(batch, response);
                    }
                });
    }

    private static void answer(List<Pending> batch, InternalResponse response) {
        if (response.status() != 200) {
            Problem problem = response.problem();
            refuseAll(batch, refusal(problem.status(), problem.code(), problem.detail()));
            return;
        }
        List<AckBatchResponse.Result> results;
        try {
            results = response.read(AckBatchResponse.class).results();
        } catch (JacksonException e) {
            results = null;
        }
        if (results == null || results.size() != batch.size()) {
            refuseAll(batch, new AckRefusedException(ErrorCode.INTERNAL, "acks: unreadable answer"));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            AckBatchResponse.Result result = results.get(i);
            if (result.isRecorded()) {
                batch.get(i).answer().complete(new AckResponse(result.acks()));
            } else {
                batch.get(i).answer().completeExceptionally(refusal(result.status() == null ? 500 : result.status(),
                        result.code(), result.detail()));
            }
        }
    }

    private static void refuseAll(List<Pending> batch, AckRefusedException refusal) {
        for (Pending p : batch) {
            p.answer().completeExceptionally(refusal);
        }
    }

    /**
     * What the device is told: 5xx is UNAVAILABLE; 400/403/404 keep the problem's code (the wire has no
     * BAD_REQUEST: a malformed ack is a BAD_FRAME), or the status's when the code is unknown.
     */
    static AckRefusedException refusal(int status, String code, String detail) {
        if (status >= 500) {
            return new AckRefusedException(ErrorCode.UNAVAILABLE, "acks could not be recorded, try again later");
        }
        ErrorCode fallback = status == 403 ? ErrorCode.FORBIDDEN : status == 404 ? ErrorCode.NOT_FOUND
                : status == 400 ? ErrorCode.BAD_FRAME : ErrorCode.INTERNAL;
        ErrorCode parsed = fallback;
        if (code != null) {
            try {
                parsed = ErrorCode.valueOf(code);
            } catch (IllegalArgumentException e) {
                parsed = fallback;
            }
        }
        return new AckRefusedException(parsed == ErrorCode.BAD_REQUEST ? ErrorCode.BAD_FRAME : parsed,
                detail == null ? "acks refused" : detail);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
