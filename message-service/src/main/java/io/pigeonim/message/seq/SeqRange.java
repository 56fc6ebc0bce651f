package io.pigeonim.message.seq;

/** Seqs {@code first..last} (inclusive) handed out once, ever, for one conversation. */
public record SeqRange(String conversationId, long first, long last) {

    public long count() {
        return last - first + 1;
    }
}
