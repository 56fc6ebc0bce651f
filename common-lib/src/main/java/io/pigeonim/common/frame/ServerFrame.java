package io.pigeonim.common.frame;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A frame the server sends. Encode with {@link FrameCodec#encode}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerFrame.SendAck.class, name = "send_ack"),
        @JsonSubTypes.Type(value = ServerFrame.MessageFrame.class, name = "message"),
        @JsonSubTypes.Type(value = ServerFrame.AckOk.class, name = "ack_ok"),
        @JsonSubTypes.Type(value = ServerFrame.Delivered.class, name = "delivered"),
        @JsonSubTypes.Type(value = ServerFrame.Pong.class, name = "pong"),
        @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error")
})
public sealed interface ServerFrame {

    /** msg:A, step 2: the message is durable. */
    record SendAck(long clientId, String clientMsgId, String msgId, String conversationId) implements ServerFrame {
    }

    /** msg:N, step 3: a stored message pushed to a device; the same fields as a message in sync and history. */
    record MessageFrame(String msgId, String conversationId, long seq, String senderId, String clientMsgId,
            String contentType, String content, long sendTime) implements ServerFrame {
    }

    /** ack:A, step 5: the acknowledgements are durably recorded. */
    record AckOk(List<AckEntry> acks) implements ServerFrame {
    }

    /** ack:N, step 6 (one-to-one only): {@code by} has everything up to {@code seq}; {@code offline} marks the stand-in. */
    record Delivered(String conversationId, long seq, String by, boolean offline) implements ServerFrame {
    }

    /** The answer to {@code ping}. */
    record Pong() implements ServerFrame {
    }

    /** A refused frame; the connection stays open. */
    record Error(ErrorCode code, String message, Long clientId, Long expectedClientId, String clientMsgId)
            implements ServerFrame {

        public static Error of(ErrorCode code, String message) {
            return new Error(code, message, null, null, null);
        }

        public static Error of(FrameException e) {
            return new Error(e.code(), e.getMessage(), e.clientId(), null, e.clientMsgId());
        }

        public Error withClientId(Long id) {
            return new Error(code, message, id, expectedClientId, clientMsgId);
        }

        public Error withClientMsgId(String id) {
            return new Error(code, message, clientId, expectedClientId, id);
        }

        public Error withExpectedClientId(Long id) {
            return new Error(code, message, clientId, id, clientMsgId);
        }
    }
}
