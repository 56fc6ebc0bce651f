package io.pigeonim.message.group;

/** A row of {@code user_conversation} for a group: joined after {@code joinSeq}; removed at {@code leaveSeq} if not null. */
record MembershipState(long joinSeq, Long leaveSeq) {

    boolean current() {
        return leaveSeq == null;
    }
}
