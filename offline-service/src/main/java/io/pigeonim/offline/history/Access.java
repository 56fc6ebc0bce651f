package io.pigeonim.offline.history;

/**
 * What the store says about a user and a conversation.
 *
 * @param maxSeq the conversation's last seq, null when it has no row (no message yet, or unknown)
 * @param joinSeq the user's join seq, null when the user has no row in the conversation index
 * @param leaveSeq the seq at which the user left, null while a member
 */
record Access(Long maxSeq, Long joinSeq, Long leaveSeq) {

    static final Access NONE = new Access(null, null, null);
}
