package io.pigeonim.message.member;

/** A current member of a group conversation as read from {@code user_conversation}, with the version read alongside. */
record MemberRow(String uid, long joinSeq, long version) {
}
