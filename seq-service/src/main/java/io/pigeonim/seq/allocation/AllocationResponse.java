package io.pigeonim.seq.allocation;

import java.util.List;

/** Answer of {@code POST /internal/v1/seqs}: one range per requested conversation, in request order. */
public record AllocationResponse(List<SeqRange> ranges) {

    /** Seqs {@code first..last} of one conversation, handed out to this caller alone. */
    public record SeqRange(String conversationId, long first, long last) {
    }
}
