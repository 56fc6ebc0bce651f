package io.pigeonim.message.ack;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.pigeonim.schema.CursorKey;

/**
 * One request's well-formed acknowledgements waiting for the next flush.
 *
 * @param acks conversationId → seq, in request order
 * @param result completed once the flush that holds them has committed, or with the reason they were refused
 */
record PendingAcks(String uid, String deviceId, Map<String, Long> acks, CompletableFuture<RecordedAcks> result) {

    static PendingAcks of(String uid, String deviceId, Map<String, Long> acks) {
        return new PendingAcks(uid, deviceId, acks, new CompletableFuture<>());
    }

    CursorKey key(String conversationId) {
        return new CursorKey(uid, deviceId, conversationId);
    }
}
