package io.pigeonim.connector.uplink;

import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.id.ConversationId;

/** Decides whether a user may send into a conversation. */
public interface ConversationAccess {

    /** Why a send is refused: an error code of PROTOCOL.md §3 and a message. */
    record Refusal(ErrorCode code, String message) {
    }

    /** Null when {@code uid} may send into {@code conversation}, else the refusal. */
    Refusal check(String uid, ConversationId conversation);
}
