package io.pigeonim.seq.counter;

/** What a counter answered for one conversation. */
public sealed interface CounterReply {

    /** Seqs {@code first..last} are handed out, to this caller only. */
    record Granted(long first, long last) implements CounterReply {
    }

    /** No counter this Redis process wrote: rebuild it above the durable mark. */
    record Missing() implements CounterReply {
    }

    /** Another caller is rebuilding the counter: wait and ask again. */
    record Pending() implements CounterReply {
    }

    /** The block is used up ({@code cur + count > ceil}): raise the durable mark and extend. */
    record Exhausted(long cur, long ceil) implements CounterReply {
    }
}
