package io.pigeonim.common.seq;

import java.util.List;

/**
 * Body of {@code POST /internal/v1/seqs}: how many seqs each conversation needs, each conversation at most once.
 *
 * @param allocations 1..{@value #MAX_ALLOCATIONS} entries
 */
public record SeqAllocationRequest(List<Allocation> allocations) {

    /** Conversations per call at most. */
    public static final int MAX_ALLOCATIONS = 1000;
    /** Seqs per conversation and call at most. */
    public static final int MAX_COUNT = 1000;

    /**
     * Seqs wanted from one conversation.
     *
     * @param count 1..{@value SeqAllocationRequest#MAX_COUNT}; boxed so that a missing count reads as missing
     */
    public record Allocation(String conversationId, Integer count) {
    }
}
