package io.pigeonim.seq.counter;

import java.util.List;

/**
 * Per-conversation counters that hand out seqs from memory, never past a ceiling that is already
 * durable elsewhere. Every method works on many conversations at once and answers in their order.
 */
public interface SeqCounter {

    /** Takes {@code count} seqs from each conversation's counter where its block allows it. */
    List<CounterReply> allocate(List<CountRequest> requests);

    /**
     * Raises the ceiling of live counters to durable marks.
     *
     * @return per block, whether a live counter took it (false: none is live, start over)
     */
    List<Boolean> extend(List<Block> blocks);

    /**
     * Installs pending counters ({@code cur = floor}) where none is live.
     *
     * @return per block, whether it was staged under {@code token}
     */
    List<Boolean> stage(List<Block> blocks, String token);

    /** Makes the pending counters staged under {@code token} live; per conversation, whether it did. */
    List<Boolean> activate(List<String> conversationIds, String token);

    /** Drops the pending counters staged under {@code token}. */
    void abort(List<String> conversationIds, String token);

    /** Seqs wanted from one conversation. */
    record CountRequest(String conversationId, int count) {
    }

    /** A durable block {@code (floor, ceil]} of one conversation. */
    record Block(String conversationId, long floor, long ceil) {
    }
}
