package io.pigeonim.message.store;

/** A row of {@code conversation} to create or raise ({@code max_seq} only grows). */
record ConversationRow(String conversationId, String kind, long maxSeq, long createdAt) {
}
