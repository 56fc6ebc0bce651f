package io.pigeonim.offline.sync;

/** Messages of one conversation this device has yet to receive: seqs in ({@code fromSeq}, {@code toSeq}]. */
record PendingRange(String conversationId, long fromSeq, long toSeq) {
}
