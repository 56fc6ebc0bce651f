package io.pigeonim.schema;

import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** SQL of a stored batch's writes (StoreMapper.xml): its messages, their conversations, the one-to-one index. */
@Mapper
public interface StoreMapper {

    /** One multi-row insert; a duplicate key fails the whole statement. */
    int insertMessages(@Param("rows") List<MessageRow> rows);

    /** Creates the conversations or raises their {@code max_seq} (never lowers it). */
    int upsertConversations(@Param("conversations") List<ConversationRow> conversations);

    /** Adds the rows that do not exist yet; existing rows are left as they are. */
    int insertMemberships(@Param("memberships") List<MembershipRow> memberships);
}
