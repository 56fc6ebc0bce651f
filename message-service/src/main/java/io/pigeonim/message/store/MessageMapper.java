package io.pigeonim.message.store;

import java.util.Collection;
import java.util.List;

import io.pigeonim.common.frame.StoredMessage;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** SQL of the message store (MessageMapper.xml). */
@Mapper
interface MessageMapper {

    List<StoredMessage> selectByMsgIds(@Param("msgIds") Collection<String> msgIds);

    /** One multi-row insert; a duplicate key fails the whole statement. */
    int insertMessages(@Param("rows") List<MessageRow> rows);

    /** Creates the conversations or raises their {@code max_seq} (never lowers it). */
    int upsertConversations(@Param("conversations") List<ConversationRow> conversations);

    /** The {@code member_version} of the existing group conversations among {@code conversationIds}. */
    List<GroupConversationRow> selectGroupConversations(@Param("conversationIds") Collection<String> conversationIds);

    /** The same, locking the rows in id order: group membership cannot change until the transaction ends. */
    List<GroupConversationRow> selectGroupConversationsForUpdate(
            @Param("conversationIds") Collection<String> conversationIds);

    /** Adds the rows that do not exist yet; existing rows are left as they are. */
    int insertMemberships(@Param("memberships") List<MembershipRow> memberships);

    /** 1 when {@code uid} was a member of {@code conversationId} and left (removed), else 0. */
    int countFormerMembership(@Param("uid") String uid, @Param("conversationId") String conversationId);
}
