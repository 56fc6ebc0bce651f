package io.pigeonim.message.ack;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.FrameRules;
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
        String violation = FrameRules.ackViolation(request.acks());
        if (violation != null) {
            throw ApiException.badFrame(violation);
        }
        Map<String, Long> merged = new LinkedHashMap<>();
        for (AckEntry entry : request.acks()) {
            merged.merge(entry.conversationId(), entry.seq(), Math::max);
        }
        return merged;
    }

    private static String quote(String value) {
        return value == null ? "null" : '"' + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + '"';
    }
}
