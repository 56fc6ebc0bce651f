package io.pigeonim.offline.api;

/**
 * A stored message as sync and history return it: the {@code message} frame of PROTOCOL.md §3 without {@code type}.
 *
 * @implNote Not {@code ServerFrame.MessageFrame} itself: its sealed parent carries the {@code type} property.
 */
public record StoredMessage(String msgId, String conversationId, long seq, String senderId, String clientMsgId,
        String contentType, String content, long sendTime) {
}
