package io.pigeonim.message.uplink;

import io.pigeonim.common.frame.FrameRules;
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
        String tooLarge = FrameRules.contentViolation(message.content());
        if (tooLarge != null) {
            throw new MalformedEventException("uplink record: " + tooLarge + " (msgId " + message.msgId() + ")");
        }
    }
}
