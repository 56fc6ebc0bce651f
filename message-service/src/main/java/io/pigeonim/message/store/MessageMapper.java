package io.pigeonim.message.store;

import java.util.Collection;
import java.util.List;

import io.pigeonim.common.frame.StoredMessage;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** SQL of the message store's reads (MessageMapper.xml); its writes are db-schema's {@code StoreMapper}. */
@Mapper
interface MessageMapper {

    List<StoredMessage> selectByMsgIds(@Param("msgIds") Collection<String> msgIds);

    /** The {@code member_version} of the existing group conversations among {@code conversationIds}. */
    List<GroupConversationRow> selectGroupConversations(@Param("conversationIds") Collection<String> conversationIds);

    /** The same, locking the rows in id order: group membership cannot change until the transaction ends. */
    List<GroupConversationRow> selectGroupConversationsForUpdate(
            @Param("conversationIds") Collection<String> conversationIds);

    /** 1 when {@code uid} was a member of {@code conversationId} and left (removed), else 0. */
    int countFormerMembership(@Param("uid") String uid, @Param("conversationId") String conversationId);
}
