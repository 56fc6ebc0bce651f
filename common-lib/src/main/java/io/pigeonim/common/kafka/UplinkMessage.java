package io.pigeonim.common.kafka;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A send accepted by a connector, on its way to be sequenced and stored.
 *
 * @param msgId derived from (senderId, clientMsgId), see {@link io.pigeonim.common.id.MessageIds}
 * @param senderId the sending user's uid; in the record's JSON still {@code "senderUid"} (see below)
 * @param sendTime server time of acceptance, epoch milliseconds
 * @implNote Not a {@link io.pigeonim.common.frame.StoredMessage}: it has no seq yet (message-service gives it one
 *     when it stores it) and it names the sending device, which no reader of a stored message sees. The field names
 *     are the stored message's, but for the sender's JSON name: the Kafka record's layout is an internal contract
 *     (docs/internal-contracts.md), so it is renamed in two releases that each survive a rolling upgrade. This one
 *     writes {@code "senderUid"} as every running reader expects and reads either name; once every message-service
 *     reads either, the next one may write {@code "senderId"} (records still in the topic then decode too).
 */
public record UplinkMessage(
        String msgId,
        String conversationId,
        @JsonProperty("senderUid") @JsonAlias("senderId") String senderId,
        String senderDeviceId,
        String clientMsgId,
        String contentType,
        String content,
        long sendTime) {

    public UplinkMessage {
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(senderDeviceId, "senderDeviceId");
        Objects.requireNonNull(clientMsgId, "clientMsgId");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }
}
