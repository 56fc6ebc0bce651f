package io.pigeonim.connector.ack;

import java.util.concurrent.CompletableFuture;

import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;

/** Records a device's acknowledgements durably (message-service {@code POST /internal/v1/acks}). */
public interface AckClient {

    /**
     * Completes with the recorded acks, or exceptionally with an {@link AckRefusedException} naming
     * the error code to answer.
     */
    CompletableFuture<AckResponse> record(AckRequest request);
}
