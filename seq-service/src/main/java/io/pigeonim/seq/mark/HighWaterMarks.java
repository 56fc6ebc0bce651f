package io.pigeonim.seq.mark;

import java.util.Collection;
import java.util.Map;

/** Durable per-conversation marks: no seq above a conversation's mark has ever been handed out. */
public interface HighWaterMarks {

    /** The largest mark a conversation may reach: every seq stays below 2^53 (JavaScript clients). */
    long MAX_SEQ = (1L << 53) - 1;

    /**
     * Raises each conversation's mark by its step, atomically and durably (committed on return).
     *
     * @param steps conversation id to how far to raise it (at least 1)
     * @return conversation id to the raised block {@code (previous, mark]}
     */
    Map<String, RaisedBlock> raise(Map<String, Integer> steps);

    /** The current marks of these conversations (absent: never raised). */
    Map<String, Long> read(Collection<String> conversationIds);

    /** A block {@code (previous, mark]} that this caller alone raised. */
    record RaisedBlock(long previous, long mark) {
    }
}
