package io.pigeonim.message.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.seq.SeqRange;
import io.pigeonim.schema.MessageRow;

/** Gives the new messages of a batch their seqs: per conversation, in arrival (Kafka) order. */
final class SeqAssignment {

    private SeqAssignment() {
    }

    /** How many seqs each conversation needs, conversations in order of first appearance. */
    static Map<String, Integer> counts(List<UplinkMessage> fresh) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (UplinkMessage message : fresh) {
            counts.merge(message.conversationId(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Assigns each message the next seq of its conversation's range.
     *
     * @throws IllegalStateException when a range does not hold exactly the conversation's messages
     */
    static List<MessageRow> assign(List<UplinkMessage> fresh, Map<String, SeqRange> ranges) {
        Map<String, Long> next = new HashMap<>();
        List<MessageRow> assigned = new ArrayList<>(fresh.size());
        for (UplinkMessage message : fresh) {
            SeqRange range = ranges.get(message.conversationId());
            if (range == null) {
                throw new IllegalStateException("no seq range for " + message.conversationId());
            }
            long seq = next.getOrDefault(message.conversationId(), range.first());
            if (seq > range.last()) {
                throw new IllegalStateException("seq range " + range + " too small for the batch");
            }
            next.put(message.conversationId(), seq + 1);
            assigned.add(MessageRow.of(message, seq));
        }
        for (Map.Entry<String, Long> used : next.entrySet()) {
            SeqRange range = ranges.get(used.getKey());
            if (used.getValue() != range.last() + 1) {
                throw new IllegalStateException("seq range " + range + " larger than the batch needs");
            }
        }
        return assigned;
    }
}
