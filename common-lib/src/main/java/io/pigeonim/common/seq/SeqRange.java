package io.pigeonim.common.seq;

/** Seqs {@code first..last} (inclusive) of one conversation, handed out once, ever, to one caller. */
public record SeqRange(String conversationId, long first, long last) {

    public long count() {
        return last - first + 1;
    }
}
