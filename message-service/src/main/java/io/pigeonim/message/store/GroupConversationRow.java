package io.pigeonim.message.store;

/** A group conversation's {@code member_version}, read with or without its row lock. */
record GroupConversationRow(String conversationId, long memberVersion) {
}
