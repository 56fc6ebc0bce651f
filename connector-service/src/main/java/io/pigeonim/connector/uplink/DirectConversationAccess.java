package io.pigeonim.connector.uplink;

import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.id.ConversationId;

/**
 * {@link ConversationAccess} for one-to-one conversations, decided from the id alone: the sender must
 * be one of its two users. Group conversations are answered NOT_FOUND until groups exist (issue 7
 * plugs a membership check in here).
 */
public final class DirectConversationAccess implements ConversationAccess {

    @Override
    public Refusal check(String uid, ConversationId conversation) {
        if (conversation.isGroup()) {
            return new Refusal(ErrorCode.NOT_FOUND, "conversationId: " + conversation
                    + ": group conversations are not supported yet");
        }
        if (!conversation.hasMember(uid)) {
            return new Refusal(ErrorCode.FORBIDDEN, "conversationId: " + conversation + " (expected: a conversation of "
                    + uid + ")");
        }
        return null;
    }
}
