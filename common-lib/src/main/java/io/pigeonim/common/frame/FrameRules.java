package io.pigeonim.common.frame;

import java.util.List;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.Ids;

/**
 * The rules of PROTOCOL.md §3 that more than one process checks: the entries of an {@code ack} (the connector when
 * it reads the frame, message-service when it records the acks) and the size of a {@code send}'s content (the
 * connector, and message-service for a record that did not come through one). Each answers what is wrong, naming
 * the first malformed value, or null; the caller turns that into its own refusal (an error frame, a problem, a
 * poison record).
 */
public final class FrameRules {

    private FrameRules() {
    }

    /** What is wrong with {@code acks}, or null when every entry is well formed. */
    public static String ackViolation(List<AckEntry> acks) {
        if (acks == null || acks.isEmpty() || acks.size() > FrameLimits.MAX_ACK_ENTRIES) {
            return "acks: " + (acks == null ? "missing" : acks.size() + " entries") + " (expected: 1.."
                    + FrameLimits.MAX_ACK_ENTRIES + " entries)";
        }
        for (AckEntry entry : acks) {
            if (entry == null) {
                return "acks: null entry (expected: {\"conversationId\":…,\"seq\":…})";
            }
            try {
                ConversationId.parse(entry.conversationId());
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            Long seq = entry.seq();
            if (seq == null || seq < 0 || seq > Ids.MAX_SAFE_INTEGER) {
                return "seq: " + seq + " for " + entry.conversationId() + " (expected: 0.." + Ids.MAX_SAFE_INTEGER + ")";
            }
        }
        return null;
    }

    /** What is wrong with {@code content}'s size, or null when it is at most {@link FrameLimits#MAX_CONTENT_BYTES}. */
    public static String contentViolation(String content) {
        int bytes = utf8Length(content);
        return bytes <= FrameLimits.MAX_CONTENT_BYTES ? null
                : "content: " + bytes + " bytes of UTF-8 (expected: at most " + FrameLimits.MAX_CONTENT_BYTES + ")";
    }

    /**
     * Bytes of {@code text} in UTF-8, counted without encoding it (every send pays this check, twice). An unpaired
     * surrogate counts as the one byte of the {@code ?} the encoder writes for it.
     */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
