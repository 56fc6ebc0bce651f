package io.pigeonim.common.frame;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.Ids;
import io.pigeonim.common.json.PigeonJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the JSON text frames of PROTOCOL.md §3.
 *
 * <p>{@link #decodeClient} is the server's single entry for client frames: it refuses with a
 * {@link FrameException} anything that is not JSON, has an unknown type, or misses or malforms a
 * field, and leaves only membership and ordering checks to the connector. Unknown fields are ignored.
 */
public final class FrameCodec {

    private static final JsonMapper JSON = PigeonJson.mapper();

    private FrameCodec() {
    }

    /** Decodes and validates a client frame. */
    public static ClientFrame decodeClient(String text) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new FrameException(ErrorCode.BAD_FRAME, "frame is not JSON: " + firstLine(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new FrameException(ErrorCode.BAD_FRAME, "frame: expected a JSON object with a \"type\"");
        }
        JsonNode type = tree.get("type");
        if (type == null || !type.isString()) {
            throw new FrameException(ErrorCode.BAD_FRAME, "type: missing (expected: send, ack or ping)");
        }
        ClientFrame frame;
        try {
            frame = JSON.treeToValue(tree, ClientFrame.class);
        } catch (InvalidTypeIdException e) {
            throw new FrameException(ErrorCode.BAD_FRAME,
                    "type: \"" + type.asString() + "\" (expected: send, ack or ping)");
        } catch (JacksonException e) {
            throw sendContext(tree, new FrameException(ErrorCode.BAD_FRAME, "malformed " + type.asString()
                    + " frame: " + firstLine(e)));
        }
        if (frame instanceof ClientFrame.Send send) {
            validate(send);
        } else if (frame instanceof ClientFrame.Ack ack) {
            validate(ack);
        }
        return frame;
    }

    /** Encodes a server frame as it goes on the wire. */
    public static String encode(ServerFrame frame) {
        return JSON.writeValueAsString(frame);
    }

    /** Encodes a client frame: for clients and tests. */
    public static String encode(ClientFrame frame) {
        return JSON.writeValueAsString(frame);
    }

    /** Decodes a server frame: for clients and tests. */
    public static ServerFrame decodeServer(String text) {
        try {
            return JSON.readValue(text, ServerFrame.class);
        } catch (JacksonException e) {
            throw new FrameException(ErrorCode.BAD_FRAME, "malformed server frame: " + firstLine(e));
        }
    }

    static void validate(ClientFrame.Send send) {
        try {
            if (send.clientId() == null || send.clientId() < 1 || send.clientId() > Ids.MAX_SAFE_INTEGER) {
                throw bad("clientId: " + send.clientId() + " (expected: 1.." + Ids.MAX_SAFE_INTEGER + ")");
            }
            if (!Ids.isClientMsgId(send.clientMsgId())) {
                throw bad("clientMsgId: " + quote(send.clientMsgId()) + " (expected: " + Ids.CLIENT_MSG_ID.pattern() + ")");
            }
            conversation(send.conversationId());
            if (!Ids.isContentType(send.contentType())) {
                throw bad("contentType: " + quote(send.contentType()) + " (expected: " + Ids.CONTENT_TYPE.pattern() + ")");
            }
            if (send.content() == null) {
                throw bad("content: missing (expected: a string)");
            }
            String tooLarge = FrameRules.contentViolation(send.content());
            if (tooLarge != null) {
                throw new FrameException(ErrorCode.TOO_LARGE, tooLarge);
            }
        } catch (FrameException e) {
            throw e.aboutSend(send.clientId(), Ids.isClientMsgId(send.clientMsgId()) ? send.clientMsgId() : null);
        }
    }

    static void validate(ClientFrame.Ack ack) {
        String violation = FrameRules.ackViolation(ack.acks());
        if (violation != null) {
            throw bad(violation);
        }
    }

    private static ConversationId conversation(String value) {
        try {
            return ConversationId.parse(value);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private static FrameException sendContext(JsonNode tree, FrameException e) {
        if (!"send".equals(tree.path("type").asString(null))) {
            return e;
        }
        JsonNode id = tree.get("clientId");
        JsonNode msgId = tree.get("clientMsgId");
        Long clientId = id != null && id.isIntegralNumber() && id.canConvertToLong() ? id.asLong() : null;
        String clientMsgId = msgId != null && msgId.isString() && Ids.isClientMsgId(msgId.asString())
                ? msgId.asString() : null;
        return e.aboutSend(clientId, clientMsgId);
    }

    private static FrameException bad(String message) {
        return new FrameException(ErrorCode.BAD_FRAME, message);
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return '"' + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + '"';
    }

    private static String firstLine(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
