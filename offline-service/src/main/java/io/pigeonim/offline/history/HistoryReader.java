package io.pigeonim.offline.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.stereotype.Component;

import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.Ids;
import io.pigeonim.common.web.ApiException;
import io.pigeonim.offline.api.Caller;

/**
 * Reads a page of one conversation for one of its members, within the seqs that member may see.
 *
 * @implNote One-to-one membership is in the id itself ({@code p:a:b}), so a conversation without messages is an
 *     empty history, not 404. A group is known by its conversation row or the caller's index row; a group member
 *     sees seqs after join_seq, and a removed member (leave_seq set) reads nothing of it (PROTOCOL.md §5).
 */
@Component
class HistoryReader {

    private final HistoryMapper mapper;

    HistoryReader(HistoryMapper mapper) {
        this.mapper = mapper;
    }

    /** Exactly one of {@code afterSeq} and {@code beforeSeq} is non-null. */
    HistoryResponse read(Caller caller, ConversationId conversation, Long afterSeq, Long beforeSeq, int limit) {
        Access access = mapper.access(caller.uid(), conversation.value());
        if (access == null) {
            access = Access.NONE;
        }
        long lowest = visibleFrom(caller, conversation, access);
        long highest = Ids.MAX_SAFE_INTEGER;
        if (afterSeq != null) {
            long above = Math.max(afterSeq, lowest);
            if (highest <= above) {
                return new HistoryResponse(List.of(), false);
            }
            List<StoredMessage> rows = mapper.ascending(conversation.value(), above, highest, limit + 1);
            return new HistoryResponse(List.copyOf(rows.subList(0, Math.min(limit, rows.size()))), rows.size() > limit);
        }
        long upTo = Math.min(beforeSeq - 1, highest);
        if (upTo <= lowest) {
            return new HistoryResponse(List.of(), false);
        }
        List<StoredMessage> rows = new ArrayList<>(mapper.descending(conversation.value(), lowest, upTo, limit + 1));
        boolean hasMore = rows.size() > limit;
        List<StoredMessage> page = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
        Collections.reverse(page);
        return new HistoryResponse(List.copyOf(page), hasMore);
    }

    /** The seq after which the caller may read, or a refusal. */
    private static long visibleFrom(Caller caller, ConversationId conversation, Access access) {
        if (conversation.isDirect()) {
            if (!conversation.hasMember(caller.uid())) {
                throw ApiException.forbidden(caller.uid() + " is not a member of " + conversation.value());
            }
            return access.joinSeq() != null ? access.joinSeq() : 0;
        }
        if (access.leaveSeq() != null) {
            throw ApiException.forbidden(caller.uid() + " was removed from " + conversation.value());
        }
        if (access.joinSeq() == null) {
            if (access.maxSeq() == null) {
                throw ApiException.notFound("conversation " + conversation.value() + " does not exist");
            }
            throw ApiException.forbidden(caller.uid() + " is not a member of " + conversation.value());
        }
        return access.joinSeq();
    }
}
