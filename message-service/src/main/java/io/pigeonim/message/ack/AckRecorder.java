package io.pigeonim.message.ack;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.message.member.MemberDirectory;
import io.pigeonim.common.web.ApiException;
import io.pigeonim.schema.ConversationState;
import io.pigeonim.schema.CursorKey;
import io.pigeonim.schema.CursorMapper;
import io.pigeonim.schema.CursorRow;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records the acknowledgements of one flush window, from any number of devices, in one transaction: one read
 * of the conversations, one locking read of the cursors, one multi-row upsert (per {@value #ROWS_PER_STATEMENT}
 * cursors). Each request is checked on its own: a refused request changes nothing and does not hold up the others.
 */
@Component
class AckRecorder {

    /** Rows per statement: far below MySQL's 65,535 placeholders, small enough to keep a statement quick. */
    static final int ROWS_PER_STATEMENT = 1000;

    private final CursorMapper mapper;
    private final MemberDirectory members;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Counter writes;
    private final Counter rowsWritten;

    AckRecorder(CursorMapper mapper, MemberDirectory members, PlatformTransactionManager transactionManager, Clock clock,
            MeterRegistry meters) {
        this.mapper = mapper;
        this.members = members;
        this.transactions = new TransactionTemplate(transactionManager);
        // no gap locks on cursors that do not exist yet
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.clock = clock;
        this.writes = Counter.builder("pigeon.message.cursor.writes")
                .description("Cursor upsert statements sent to MySQL (one per flush window and 1000 cursors)")
                .register(meters);
        this.rowsWritten = Counter.builder("pigeon.message.cursor.rows")
                .description("Cursor rows in those statements, after coalescing per device and conversation")
                .register(meters);
    }

    /**
     * Records {@code batch} and completes each request's future: with its cursors once committed, with an
     * {@link ApiException} (FORBIDDEN, BAD_FRAME) when refused, with the storage error when the flush failed.
     */
    void record(List<PendingAcks> batch) {
        Map<PendingAcks, RecordedAcks> recorded;
        try {
            recorded = transactions.execute(tx -> write(batch));
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.result().completeExceptionally(e));
            return;
        }
        recorded.forEach((pending, result) -> pending.result().complete(result));
    }

    private Map<PendingAcks, RecordedAcks> write(List<PendingAcks> batch) {
        Set<String> ids = new HashSet<>();
        batch.forEach(pending -> ids.addAll(pending.acks().keySet()));
        Map<String, ConversationState> conversations = new HashMap<>();
        mapper.selectConversations(ids).forEach(c -> conversations.put(c.conversationId(), c));
        List<PendingAcks> valid = new ArrayList<>(batch.size());
        for (PendingAcks pending : batch) {
            try {
                requireMember(pending, conversations);
                requireStored(pending, conversations);
                valid.add(pending);
            } catch (ApiException refused) {
                pending.result().completeExceptionally(refused);
            }
        }
        TreeMap<CursorKey, Long> merged = new TreeMap<>();
        valid.forEach(p -> p.acks().forEach((id, seq) -> merged.merge(p.key(id), seq, Math::max)));
        Map<CursorKey, Long> before = new HashMap<>();
        long now = clock.millis();
        // seq 0 never moves a cursor: such entries cost neither a lock nor a row
        List<CursorKey> movable = merged.keySet().stream().filter(k -> merged.get(k) > 0).toList();
        for (List<CursorKey> chunk : chunks(new ArrayList<>(movable))) {
            mapper.selectCursorsForUpdate(chunk).forEach(row -> before.put(row.key(), row.seq()));
            // only cursors that advance are written: a frame repeating old acks writes nothing
            List<CursorRow> rows = chunk.stream()
                    .filter(k -> before.get(k) == null || merged.get(k) > before.get(k))
                    .map(k -> new CursorRow(k.uid(), k.deviceId(), k.conversationId(), merged.get(k))).toList();
            if (rows.isEmpty()) {
                continue;
            }
            mapper.upsertCursors(rows, now);
            writes.increment();
            rowsWritten.increment(rows.size());
        }
        return outcomes(valid, merged, before);
    }

    /** Each request's cursors as recorded; an advanced cursor is reported once, to the request that moved it. */
    private static Map<PendingAcks, RecordedAcks> outcomes(List<PendingAcks> valid, Map<CursorKey, Long> merged,
            Map<CursorKey, Long> before) {
        Map<PendingAcks, RecordedAcks> outcomes = new IdentityHashMap<>();
        Set<CursorKey> reported = new HashSet<>();
        for (PendingAcks pending : valid) {
            List<AckEntry> recorded = new ArrayList<>(pending.acks().size());
            List<AckEntry> advanced = new ArrayList<>();
            pending.acks().forEach((id, seq) -> {
                CursorKey key = pending.key(id);
                Long old = before.get(key);
                long top = merged.get(key);
                long now = old == null ? top : Math.max(old, top);
                recorded.add(new AckEntry(id, now));
                boolean moved = old == null ? top > 0 : top > old;
                if (moved && seq == top && reported.add(key)) {
                    advanced.add(new AckEntry(id, now));
                }
            });
            outcomes.put(pending, new RecordedAcks(recorded, advanced));
        }
        return outcomes;
    }

    private void requireMember(PendingAcks pending, Map<String, ConversationState> conversations) {
        for (String id : pending.acks().keySet()) {
            ConversationId conversation = ConversationId.parse(id);
            ConversationState state = conversations.get(id);
            boolean member = conversation.isDirect() ? conversation.hasMember(pending.uid())
                    : state != null && state.isGroup()
                            && members.members(id, state.memberVersion()).isMember(pending.uid());
            if (!member) {
                throw ApiException.forbidden("uid " + pending.uid() + " is not a member of " + id);
            }
        }
    }

    private static void requireStored(PendingAcks pending, Map<String, ConversationState> conversations) {
        pending.acks().forEach((id, seq) -> {
            ConversationState state = conversations.get(id);
            long last = state == null ? 0 : state.maxSeq();
            if (seq > last) {
                throw ApiException.badFrame("seq: " + seq + " for " + id + " (expected: 0.." + last
                        + ", the conversation's last seq)");
            }
        });
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += ROWS_PER_STATEMENT) {
            chunks.add(all.subList(i, Math.min(all.size(), i + ROWS_PER_STATEMENT)));
        }
        return chunks;
    }
}
