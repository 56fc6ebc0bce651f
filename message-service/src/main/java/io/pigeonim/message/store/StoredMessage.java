package io.pigeonim.message.store;

import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.kafka.UplinkMessage;

/** A message as stored, with its seq: the same fields as the {@code message} frame. */
public record StoredMessage(
        String msgId,
        String conversationId,
        long seq,
        String senderUid,
        String senderDeviceId,
        String clientMsgId,
        String contentType,
        String content,
        long sendTime) {

    static StoredMessage of(UplinkMessage message, long seq) {
        return new StoredMessage(message.msgId(), message.conversationId(), seq, message.senderUid(),
                message.senderDeviceId(), message.clientMsgId(), message.contentType(), message.content(),
                message.sendTime());
    }

    /** The {@code message} frame pushed to devices. */
    public ServerFrame.MessageFrame frame() {
        return new ServerFrame.MessageFrame(msgId, conversationId, seq, senderUid, clientMsgId, contentType, content,
                sendTime);
    }
}
