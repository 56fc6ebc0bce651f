package io.pigeonim.message.ack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.ack.AckBatchRequest;
import io.pigeonim.common.ack.AckBatchResponse;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;
import io.pigeonim.common.async.Failures;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.web.ApiException;
import io.pigeonim.message.push.PushPublisher;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /internal/v1/acks}: a device's cumulative acknowledgements (docs/internal-contracts.md). */
@RestController
class AckController {

    private static final Logger log = LoggerFactory.getLogger(AckController.class);

    private final AckBatcher batcher;
    private final PushPublisher pushes;
    private final Counter recorded;

    AckController(AckBatcher batcher, PushPublisher pushes, MeterRegistry meters) {
        this.batcher = batcher;
        this.pushes = pushes;
        this.recorded = Counter.builder("pigeon.message.acks").description("Acknowledgements recorded (per conversation)")
                .register(meters);
    }

    /**
     * Answers once the cursors are durable (after the flush window that holds them has committed, or at once with
     * {@code ?flush=now}, for callers whose user waits on the answer); then tells the peers of one-to-one
     * conversations (step 6).
     */
    @PostMapping("/internal/v1/acks")
    CompletableFuture<AckResponse> acks(@RequestBody AckRequest request,
            @RequestParam(name = "flush", required = false) String flush) {
        Map<String, Long> acks = AckValidation.wellFormed(request);
        if (flush != null && !"now".equals(flush)) {
            throw ApiException.badFrame("flush: \"" + flush + "\" (expected: now, or no flush parameter)");
        }
        CompletableFuture<RecordedAcks> recording = flush == null ? batcher.submit(request.uid(), request.deviceId(), acks)
                : batcher.recordNow(request.uid(), request.deviceId(), acks);
        return recording.thenApply(result -> {
            pushes.publishBestEffort(delivered(request.uid(), result.advanced()));
            return new AckResponse(counted(result));
        });
    }

    /**
     * {@code POST /internal/v1/acks/batch}: many devices' acks in one call (a connector instance gathers them for
     * a few milliseconds), each recorded or refused on its own, answered once all of them are durable. The
     * requests join the same flush window as single calls, so a batch costs one HTTP round trip, not one per
     * device. The {@code delivered} notifications of the whole batch go out together once it is answered: one route
     * lookup and one push per connector instance for the batch, not one per device (at 1,000 messages/s, one push
     * per ack request was most of message-service's push traffic).
     */
    @PostMapping("/internal/v1/acks/batch")
    CompletableFuture<AckBatchResponse> batch(@RequestBody AckBatchRequest body) {
        if (body.requests() == null || body.requests().isEmpty()
                || body.requests().size() > AckBatchRequest.MAX_REQUESTS) {
            throw ApiException.badFrame("requests: " + (body.requests() == null ? "missing" : body.requests().size())
                    + " (expected: 1.." + AckBatchRequest.MAX_REQUESTS + " requests)");
        }
        List<CompletableFuture<AckBatchResponse.Result>> results = new ArrayList<>(body.requests().size());
        List<PushRequest.Push> delivered = Collections.synchronizedList(new ArrayList<>());
        for (AckRequest request : body.requests()) {
            CompletableFuture<AckBatchResponse.Result> result;
            try {
                if (request == null) {
                    throw ApiException.badFrame("requests[" + results.size() + "]: null (expected: an ack request)");
                }
                Map<String, Long> acks = AckValidation.wellFormed(request);
                result = batcher.submit(request.uid(), request.deviceId(), acks)
                        .thenApply(recordedAcks -> {
                            delivered.addAll(delivered(request.uid(), recordedAcks.advanced()));
                            return AckBatchResponse.Result.recorded(counted(recordedAcks));
                        });
            } catch (ApiException e) {
                result = CompletableFuture.completedFuture(refused(e));
            }
            results.add(result.exceptionally(AckController::refused));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(all -> {
            synchronized (delivered) {
                pushes.publishBestEffort(List.copyOf(delivered));
            }
            return new AckBatchResponse(results.stream().map(CompletableFuture::join).toList());
        });
    }

    /** Counts what was recorded; the acks to answer. */
    private List<AckEntry> counted(RecordedAcks result) {
        recorded.increment(result.acks().size());
        return result.acks();
    }

    /** The problem a single call would have answered, as one batch result. */
    private static AckBatchResponse.Result refused(Throwable failure) {
        Throwable cause = Failures.unwrap(failure);
        if (cause instanceof ApiException e) {
            return AckBatchResponse.Result.refused(e.status().value(), e.code().name(), e.getMessage());
        }
        log.warn("acks could not be recorded: {}", cause.toString());
        return AckBatchResponse.Result.refused(503, ErrorCode.UNAVAILABLE.name(),
                "acks could not be recorded, try again later");
    }

    /** {@code delivered} ({@code offline:false}) for every device of the other member. */
    static List<PushRequest.Push> delivered(String uid, List<AckEntry> advanced) {
        List<PushRequest.Push> frames = new ArrayList<>();
        for (AckEntry entry : advanced) {
            ConversationId conversation = ConversationId.parse(entry.conversationId());
            if (conversation.isDirect()) {
                frames.add(new PushRequest.Push(List.of(conversation.peerOf(uid)),
                        new ServerFrame.Delivered(entry.conversationId(), entry.seq(), uid, false)));
            }
        }
        return frames;
    }
}
