package io.pigeonim.offline.sync;

import java.util.List;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

import io.pigeonim.common.frame.StoredMessage;

/** The reads of sync (SQL in SyncMapper.xml; plans in docs/architecture.md, "Storage and the sync queries"). */
@Mapper
interface SyncMapper {

    /** Conversations with something new for the device, with the count of their messages; by conversation id. */
    List<ConversationSummary> summary(@Param("uid") String uid, @Param("deviceId") String deviceId);

    /** The first {@code max} conversations with something new for the device, by conversation id. */
    List<PendingRange> pending(@Param("uid") String uid, @Param("deviceId") String deviceId, @Param("max") int max);

    /** The messages of every branch in one statement (UNION ALL of primary-key range reads); unordered. */
    List<StoredMessage> messages(@Param("branches") List<Branch> branches);
}
