package io.pigeonim.offline.it;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pigeonim.common.ack.AckBatchResponse;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.schema.ConversationState;
import io.pigeonim.schema.CursorMapper;
import io.pigeonim.schema.CursorRow;
import io.pigeonim.schema.MembershipMapper;
import io.pigeonim.schema.MembershipState;
import io.pigeonim.testsupport.StandInMessageService;

/**
 * The ack rule of test-support's message-service stand-in over this test's database, with message-service's contract
 * and statements (db-schema's {@code CursorMapper}): all or nothing, 403 for a non-member, 400 past the conversation's
 * last seq, cursors raised (never moved back) before 200. offline-service's calls must ask for {@code ?flush=now} (a
 * user waits on them).
 *
 * @implNote message-service's own rule ({@code AckRecorder}) batches many devices' acks per flush and reads group
 *     members through its Redis mirror; this stand-in answers one request at a time and reads the member's row, which
 *     is what that mirror holds.
 */
public final class CursorAcks implements StandInMessageService.AckRule {

    private final Store store;

    private CursorAcks(Store store) {
        this.store = store;
    }

    /** The stand-in, started, answering with this rule over {@code store}. */
    public static StandInMessageService start(Store store) {
        return StandInMessageService.builder().acks(new CursorAcks(store)).singleAckQuery("flush=now").start();
    }

    @Override
    public AckBatchResponse.Result answer(AckRequest request) {
        Map<String, Long> acks = new TreeMap<>();
        request.acks().forEach(ack -> acks.merge(ack.conversationId(), ack.seq(), Math::max));
        if (acks.isEmpty()) {
            return AckBatchResponse.Result.recorded(request.acks());
        }
        return store.transaction(session -> {
            CursorMapper cursors = session.getMapper(CursorMapper.class);
            Map<String, ConversationState> conversations = cursors.selectConversations(acks.keySet()).stream()
                    .collect(Collectors.toMap(ConversationState::conversationId, Function.identity()));
            AckBatchResponse.Result refusal = refusal(session.getMapper(MembershipMapper.class), request.uid(), acks,
                    conversations);
            if (refusal != null) {
                return refusal;
            }
            // seq 0 never moves a cursor: message-service writes no row for it
            List<CursorRow> rows = acks.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> new CursorRow(request.uid(), request.deviceId(), e.getKey(), e.getValue())).toList();
            if (!rows.isEmpty()) {
                cursors.upsertCursors(rows, System.currentTimeMillis());
            }
            return AckBatchResponse.Result.recorded(request.acks());
        });
    }

    /** The first reason to refuse the whole request, members first as message-service checks; null when none. */
    private static AckBatchResponse.Result refusal(MembershipMapper members, String uid, Map<String, Long> acks,
            Map<String, ConversationState> conversations) {
        for (String id : acks.keySet()) {
            ConversationId conversation = ConversationId.parse(id);
            ConversationState state = conversations.get(id);
            boolean member = conversation.isDirect() ? conversation.hasMember(uid)
                    : state != null && state.isGroup() && current(members.selectMembership(uid, id));
            if (!member) {
                return AckBatchResponse.Result.refused(403, "FORBIDDEN", "uid " + uid + " is not a member of " + id);
            }
        }
        for (Map.Entry<String, Long> ack : acks.entrySet()) {
            ConversationState state = conversations.get(ack.getKey());
            long last = state == null ? 0 : state.maxSeq();
            if (ack.getValue() > last) {
                return AckBatchResponse.Result.refused(400, "BAD_FRAME", "seq: " + ack.getValue() + " for "
                        + ack.getKey() + " (expected: 0.." + last + ", the conversation's last seq)");
            }
        }
        return null;
    }

    private static boolean current(MembershipState membership) {
        return membership != null && membership.current();
    }
}
