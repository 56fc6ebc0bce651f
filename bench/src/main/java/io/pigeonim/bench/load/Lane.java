package io.pigeonim.bench.load;

/** A sending device and the conversation it writes to; the open loop takes lanes in turn. */
public record Lane(Device sender, String conversationId) {
}
