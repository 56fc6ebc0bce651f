package io.pigeonim.offline.sync;

/** One arm of the page query: up to {@code limit} messages of a conversation with seq in ({@code fromSeq}, {@code toSeq}]. */
record Branch(String conversationId, long fromSeq, long toSeq, int limit) {
}
