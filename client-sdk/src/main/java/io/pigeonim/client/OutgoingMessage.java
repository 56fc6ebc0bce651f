package io.pigeonim.client;

import java.util.Objects;
import java.util.UUID;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.FrameException;

/**
 * A message the app wants sent. Its {@code clientMsgId} is the message's identity until the server gives it a
 * {@code msgId}: every resend carries it, so the server stores the message once.
 */
public record OutgoingMessage(String clientMsgId, String conversationId, String contentType, String content) {

    /** Validates with the wire contract's own rules, so a malformed send never reaches the server. */
    public OutgoingMessage {
        Objects.requireNonNull(content, "content");
        try {
            FrameCodec.decodeClient(FrameCodec.encode(new ClientFrame.Send(1L, clientMsgId, conversationId, contentType,
                    content)));
        } catch (FrameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A text message with a fresh clientMsgId. */
    public static OutgoingMessage text(String conversationId, String content) {
        return of(conversationId, "text", content);
    }

    /** A message with a fresh clientMsgId. */
    public static OutgoingMessage of(String conversationId, String contentType, String content) {
        return new OutgoingMessage(UUID.randomUUID().toString(), conversationId, contentType, content);
    }

    ClientFrame.Send frame(long clientId) {
        return new ClientFrame.Send(clientId, clientMsgId, conversationId, contentType, content);
    }
}
