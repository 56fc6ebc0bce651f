package io.pigeonim.message.uplink;

import java.nio.charset.StandardCharsets;

import io.pigeonim.common.frame.FrameLimits;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.kafka.MalformedEventException;
import io.pigeonim.common.kafka.UplinkMessage;

/** What makes a well-formed uplink message storable; a violation never heals, so it is a poison record. */
final class UplinkRules {

    private UplinkRules() {
    }

    /** @throws MalformedEventException naming the rule the message breaks */
    static void requireStorable(UplinkMessage message) {
        ConversationId conversation = ConversationId.parse(message.conversationId());
        // group membership depends on the time of the store: MessageStore checks it under the group's lock
        if (conversation.isDirect() && !conversation.hasMember(message.senderId())) {
            throw new MalformedEventException("uplink record: sender " + message.senderId() + " is not a member of "
                    + conversation + " (msgId " + message.msgId() + ")");
        }
        int bytes = message.content().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > FrameLimits.MAX_CONTENT_BYTES) {
            throw new MalformedEventException("uplink record: content of " + bytes + " bytes (expected: at most "
                    + FrameLimits.MAX_CONTENT_BYTES + ", msgId " + message.msgId() + ")");
        }
    }
}
