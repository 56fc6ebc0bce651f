package io.pigeonim.message.group;

import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** SQL of groups (GroupMapper.xml); a member's join and leave are db-schema's {@code MembershipMapper}. */
@Mapper
interface GroupMapper {

    int insertGroup(@Param("group") GroupRow group, @Param("createdAt") long createdAt);

    int insertConversation(@Param("conversationId") String conversationId, @Param("createdAt") long createdAt);

    int insertMembers(@Param("conversationId") String conversationId, @Param("uids") List<String> uids);

    GroupRow selectGroup(@Param("groupId") String groupId);

    /** How many groups {@code ownerUid} owns (index ix_chat_group_owner). */
    int countOwned(@Param("ownerUid") String ownerUid);

    /** Locks the group's conversation row: changes and message stores into the group take turns on it. */
    LockedConversation selectConversationForUpdate(@Param("conversationId") String conversationId);

    int addToMemberCount(@Param("groupId") String groupId, @Param("delta") int delta);

    int raiseMemberVersion(@Param("conversationId") String conversationId);
}
