package io.pigeonim.message.ack;

import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** SQL of acknowledgements (AckMapper.xml). */
@Mapper
interface AckMapper {

    /** The group conversations among {@code conversationIds} that {@code uid} is a member of now. */
    List<String> selectActiveMemberships(@Param("uid") String uid,
            @Param("conversationIds") Collection<String> conversationIds);

    /** {@code max_seq} of the known conversations among {@code conversationIds}. */
    List<CursorRow> selectMaxSeqs(@Param("conversationIds") Collection<String> conversationIds);

    /** The device's existing cursors, locked until the transaction ends. */
    List<CursorRow> selectCursorsForUpdate(@Param("uid") String uid, @Param("deviceId") String deviceId,
            @Param("conversationIds") Collection<String> conversationIds);

    /** Creates or raises the cursors; a cursor never moves back. */
    int upsertCursors(@Param("uid") String uid, @Param("deviceId") String deviceId,
            @Param("cursors") List<CursorRow> cursors, @Param("now") long now);
}
