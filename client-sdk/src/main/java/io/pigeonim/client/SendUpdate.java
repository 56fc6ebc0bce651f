package io.pigeonim.client;

/**
 * A sent message changed state. {@code msgId} and {@code seq} are filled in once known (null before);
 * {@code reason} explains {@code FAILED} and {@code UNCONFIRMED}.
 */
public record SendUpdate(String clientMsgId, String conversationId, MessageState state, String msgId, Long seq,
        String reason) {
}
