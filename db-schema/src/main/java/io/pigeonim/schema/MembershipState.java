package io.pigeonim.schema;

/** A row of {@code user_conversation} for a group: joined after {@code joinSeq}; removed at {@code leaveSeq} if not null. */
public record MembershipState(long joinSeq, Long leaveSeq) {

    public boolean current() {
        return leaveSeq == null;
    }
}
