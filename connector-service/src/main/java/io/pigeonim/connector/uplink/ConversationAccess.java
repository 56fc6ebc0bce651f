package io.pigeonim.connector.uplink;

import java.util.concurrent.CompletableFuture;

import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.id.ConversationId;

/** Decides whether a user may send into a conversation. */
public interface ConversationAccess {

    /** Why a send is refused: an error code of PROTOCOL.md §3 and a message. */
    record Refusal(ErrorCode code, String message) {
    }

    /**
     * The refusal, or null when {@code uid} may send into {@code conversation}: complete at once when decided here,
     * later when another service is asked (on its client's threads, never the caller's). Never fails.
     */
    CompletableFuture<Refusal> check(String uid, ConversationId conversation);
}
