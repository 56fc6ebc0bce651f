package io.pigeonim.common.kafka;

import java.util.Objects;

/**
 * A send accepted by a connector, on its way to be sequenced and stored.
 *
 * @param msgId derived from (senderUid, clientMsgId), see {@link io.pigeonim.common.id.MessageIds}
 * @param sendTime server time of acceptance, epoch milliseconds
 */
public record UplinkMessage(
        String msgId,
        String conversationId,
        String senderUid,
        String senderDeviceId,
        String clientMsgId,
        String contentType,
        String content,
        long sendTime) {

    public UplinkMessage {
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(senderUid, "senderUid");
        Objects.requireNonNull(senderDeviceId, "senderDeviceId");
        Objects.requireNonNull(clientMsgId, "clientMsgId");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }
}
