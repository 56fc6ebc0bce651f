package io.pigeonim.common.seq;

import java.util.List;

/** Answer of {@code POST /internal/v1/seqs}: one range per requested conversation, in request order. */
public record SeqAllocationResponse(List<SeqRange> ranges) {
}
