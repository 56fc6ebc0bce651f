package io.pigeonim.schema;

/** A row of {@code conversation} to create or raise ({@code max_seq} only grows). */
public record ConversationRow(String conversationId, String kind, long maxSeq, long createdAt) {
}
