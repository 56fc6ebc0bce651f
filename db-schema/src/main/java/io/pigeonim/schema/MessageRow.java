package io.pigeonim.schema;

import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.kafka.UplinkMessage;

/** A row of {@code message} to insert: the stored message and the device that sent it (column {@code sender_device}). */
public record MessageRow(StoredMessage message, String senderDeviceId) {

    /** The row {@code uplink} becomes once it holds {@code seq}. */
    public static MessageRow of(UplinkMessage uplink, long seq) {
        return new MessageRow(new StoredMessage(uplink.msgId(), uplink.conversationId(), seq, uplink.senderId(),
                uplink.clientMsgId(), uplink.contentType(), uplink.content(), uplink.sendTime()), uplink.senderDeviceId());
    }
}
