package io.pigeonim.offline.history;

import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

import io.pigeonim.common.frame.StoredMessage;

/** The reads of history (SQL in HistoryMapper.xml). */
@Mapper
interface HistoryMapper {

    /** The conversation's row and the user's index row, in one statement of two primary-key lookups. */
    Access access(@Param("uid") String uid, @Param("conversationId") String conversationId);

    /** The first {@code count} messages with seq in ({@code above}, {@code upTo}], ascending. */
    List<StoredMessage> ascending(@Param("conversationId") String conversationId, @Param("above") long above,
            @Param("upTo") long upTo, @Param("count") int count);

    /** The last {@code count} messages with seq in ({@code above}, {@code upTo}], descending. */
    List<StoredMessage> descending(@Param("conversationId") String conversationId, @Param("above") long above,
            @Param("upTo") long upTo, @Param("count") int count);
}
