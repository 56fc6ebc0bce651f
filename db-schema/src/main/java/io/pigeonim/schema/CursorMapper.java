package io.pigeonim.schema;

import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** SQL of acknowledgements (CursorMapper.xml): what an ack is checked against, and the device cursors it moves. */
@Mapper
public interface CursorMapper {

    /** The known conversations among {@code conversationIds}: kind, {@code max_seq}, {@code member_version}. */
    List<ConversationState> selectConversations(@Param("conversationIds") Collection<String> conversationIds);

    /** The existing cursors among {@code keys}, locked until the transaction ends. */
    List<CursorRow> selectCursorsForUpdate(@Param("keys") Collection<CursorKey> keys);

    /** Creates or raises the cursors, of any number of devices, in one statement; a cursor never moves back. */
    int upsertCursors(@Param("cursors") List<CursorRow> cursors, @Param("now") long now);
}
