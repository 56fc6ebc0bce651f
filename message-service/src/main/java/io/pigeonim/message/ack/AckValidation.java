package io.pigeonim.message.ack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.FrameLimits;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.Ids;
import io.pigeonim.common.web.ApiException;

/** The form of an ack request, checked before anything is read or written. */
final class AckValidation {

    private AckValidation() {
    }

    /**
     * Checks the form of every entry and merges repeated conversations by their highest seq.
     *
     * @return conversationId → seq, in order of first appearance
     * @throws ApiException BAD_FRAME naming the first malformed value
     */
    static Map<String, Long> wellFormed(AckRequest request) {
        if (!Ids.isUid(request.uid())) {
            throw ApiException.badFrame("uid: " + quote(request.uid()) + " (expected: " + Ids.UID.pattern() + ")");
        }
        if (!Ids.isDeviceId(request.deviceId())) {
            throw ApiException.badFrame("deviceId: " + quote(request.deviceId()) + " (expected: " + Ids.DEVICE_ID.pattern() + ")");
        }
        List<AckEntry> acks = request.acks();
        if (acks == null || acks.isEmpty() || acks.size() > FrameLimits.MAX_ACK_ENTRIES) {
            throw ApiException.badFrame("acks: " + (acks == null ? "missing" : acks.size() + " entries")
                    + " (expected: 1.." + FrameLimits.MAX_ACK_ENTRIES + " entries)");
        }
        Map<String, Long> merged = new LinkedHashMap<>();
        for (AckEntry entry : acks) {
            if (entry == null) {
                throw ApiException.badFrame("acks: null entry (expected: {\"conversationId\":…,\"seq\":…})");
            }
            if (!ConversationId.isValid(entry.conversationId())) {
                throw ApiException.badFrame("conversationId: " + quote(entry.conversationId())
                        + " (expected: p:<uidA>:<uidB> with uidA < uidB, or g:<groupId>)");
            }
            Long seq = entry.seq();
            if (seq == null || seq < 0 || seq > Ids.MAX_SAFE_INTEGER) {
                throw ApiException.badFrame("seq: " + seq + " for " + entry.conversationId()
                        + " (expected: 0.." + Ids.MAX_SAFE_INTEGER + ")");
            }
            merged.merge(entry.conversationId(), seq, Math::max);
        }
        return merged;
    }

    private static String quote(String value) {
        return value == null ? "null" : '"' + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + '"';
    }
}
