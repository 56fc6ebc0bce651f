package io.pigeonim.message.ack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.message.push.PushPublisher;
import io.pigeonim.message.web.ApiException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /internal/v1/acks}: a device's cumulative acknowledgements (docs/internal-contracts.md). */
@RestController
class AckController {

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
            recorded.increment(result.acks().size());
            pushes.publishBestEffort(delivered(request.uid(), result.advanced()));
            return new AckResponse(result.acks());
        });
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
