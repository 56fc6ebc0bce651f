package io.pigeonim.message.group;

/** A group conversation row read {@code FOR UPDATE}: no message is stored into it until the change commits. */
record LockedConversation(long maxSeq, long memberVersion) {
}
