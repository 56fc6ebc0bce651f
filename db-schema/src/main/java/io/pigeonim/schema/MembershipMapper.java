package io.pigeonim.schema;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** SQL of a group member's row of {@code user_conversation} (MembershipMapper.xml): joins and leaves. */
@Mapper
public interface MembershipMapper {

    /** The member's row; null when {@code uid} never was a member. */
    MembershipState selectMembership(@Param("uid") String uid, @Param("conversationId") String conversationId);

    /** Joins (or re-joins) after {@code joinSeq}. */
    int upsertMember(@Param("uid") String uid, @Param("conversationId") String conversationId,
            @Param("joinSeq") long joinSeq);

    /** Leaves at {@code leaveSeq}; nothing changes when {@code uid} is not a current member. */
    int markLeft(@Param("uid") String uid, @Param("conversationId") String conversationId,
            @Param("leaveSeq") long leaveSeq);
}
