package io.pigeonim.client;

/** A send the server stored: the promise that it will be delivered (PROTOCOL.md §3 {@code send_ack}). */
public record SendResult(String clientMsgId, String conversationId, String msgId) {
}
