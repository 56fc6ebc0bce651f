package io.pigeonim.message.store;

import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.kafka.UplinkMessage;

/** A row of {@code message} to insert: the stored message and the device that sent it (column {@code sender_device}). */
record MessageRow(StoredMessage message, String senderDeviceId) {

    static MessageRow of(UplinkMessage uplink, long seq) {
        return new MessageRow(new StoredMessage(uplink.msgId(), uplink.conversationId(), seq, uplink.senderId(),
                uplink.clientMsgId(), uplink.contentType(), uplink.content(), uplink.sendTime()), uplink.senderDeviceId());
    }
}
