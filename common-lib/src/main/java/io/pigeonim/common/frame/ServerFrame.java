package io.pigeonim.common.frame;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;

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

    /**
     * msg:N, step 3: a stored message pushed to a device; on the wire its fields follow {@code type}, flat.
     *
     * @implNote {@code @JsonValue} and a delegating creator rather than {@code @JsonUnwrapped}: the same bytes, and
     *     decoding on the connector's push path needs no token buffer (unwrapped decoding buffers every field
     *     first; a third slower in a quick measurement). The accessors hand on
     *     to {@link StoredMessage} so that code written against the frame (the SDK's {@code onMessage}) reads
     *     {@code m.seq()}; the fields and their names live in {@link StoredMessage} alone.
     */
    record MessageFrame(@JsonValue StoredMessage message) implements ServerFrame {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public MessageFrame {
            Objects.requireNonNull(message, "message");
        }

        public String msgId() {
            return message.msgId();
        }

        public String conversationId() {
            return message.conversationId();
        }

        public long seq() {
            return message.seq();
        }

        public String senderId() {
            return message.senderId();
        }

        public String clientMsgId() {
            return message.clientMsgId();
        }

        public String contentType() {
            return message.contentType();
        }

        public String content() {
            return message.content();
        }

        public long sendTime() {
            return message.sendTime();
        }
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
