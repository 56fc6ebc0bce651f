package io.pigeonim.message.member;

import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** SQL of the member cache (MemberMapper.xml). */
@Mapper
interface MemberMapper {

    /**
     * The current members of {@code conversationId} with the conversation's {@code member_version}, in one
     * statement (one consistent read); a single row with a null uid when the group has no member left, none
     * when the conversation does not exist.
     */
    List<MemberRow> selectMembers(@Param("conversationId") String conversationId);

    /** {@code member_version} of a group conversation; null when it does not exist. */
    Long selectVersion(@Param("conversationId") String conversationId);
}
