package io.pigeonim.common.kafka;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.Ids;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.json.PigeonJson;
import tools.jackson.core.JacksonException;

/** Serializes {@link UplinkMessage} for Kafka and checks a received one before anything trusts it. */
public final class UplinkMessageCodec {

    private UplinkMessageCodec() {
    }

    public static byte[] encode(UplinkMessage message) {
        return PigeonJson.mapper().writeValueAsBytes(message);
    }

    /**
     * Decodes and checks a record value.
     *
     * @throws MalformedEventException when it can never be processed: a poison record for the dead-letter topic
     */
    public static UplinkMessage decode(byte[] value) {
        if (value == null) {
            throw new MalformedEventException("uplink record: null value");
        }
        UplinkMessage message;
        try {
            message = PigeonJson.mapper().readValue(value, UplinkMessage.class);
        } catch (JacksonException | NullPointerException e) {
            throw new MalformedEventException("uplink record: not an UplinkMessage: " + e.getMessage());
        }
        if (!ConversationId.isValid(message.conversationId()) || !Ids.isUid(message.senderId())
                || !Ids.isDeviceId(message.senderDeviceId()) || !Ids.isClientMsgId(message.clientMsgId())
                || !Ids.isContentType(message.contentType())
                || !message.msgId().equals(MessageIds.of(message.senderId(), message.clientMsgId()))) {
            throw new MalformedEventException("uplink record: invalid fields for msgId " + message.msgId());
        }
        return message;
    }
}
