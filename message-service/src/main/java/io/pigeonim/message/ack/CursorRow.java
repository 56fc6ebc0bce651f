package io.pigeonim.message.ack;

/** A device's cursor in one conversation; also a conversation's {@code max_seq} when read from {@code conversation}. */
record CursorRow(String conversationId, long seq) {
}
