package io.pigeonim.common.frame;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A frame a client sends. Decode and validate with {@link FrameCodec#decodeClient}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
        @JsonSubTypes.Type(value = ClientFrame.Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping")
})
public sealed interface ClientFrame {

    /** msg:R, step 1: a new message, or a resend of one. */
    record Send(Long clientId, String clientMsgId, String conversationId, String contentType, String content)
            implements ClientFrame {
    }

    /** ack:R, step 4: cumulative acknowledgements, possibly of many conversations. */
    record Ack(java.util.List<AckEntry> acks) implements ClientFrame {
    }

    /** Keep-alive; answered with {@code pong}. */
    record Ping() implements ClientFrame {
    }
}
