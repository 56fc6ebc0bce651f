package io.pigeonim.message.ack;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.message.web.ApiException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Checks and records a device's acknowledgements in one transaction: all of them, or none. */
@Component
class AckRecorder {

    private final AckMapper mapper;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AckRecorder(AckMapper mapper, PlatformTransactionManager transactionManager, Clock clock) {
        this.mapper = mapper;
        this.transactions = new TransactionTemplate(transactionManager);
        // no gap locks on cursors that do not exist yet
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.clock = clock;
    }

    /**
     * Records {@code acks} (well-formed, one entry per conversation).
     *
     * @throws ApiException FORBIDDEN for a conversation {@code uid} is not in, BAD_FRAME for a seq past
     *     the conversation's last one; nothing is recorded then
     */
    RecordedAcks record(String uid, String deviceId, Map<String, Long> acks) {
        return transactions.execute(tx -> {
            requireMember(uid, acks.keySet());
            requireStored(acks);
            Map<String, Long> before = new HashMap<>();
            mapper.selectCursorsForUpdate(uid, deviceId, acks.keySet()).forEach(c -> before.put(c.conversationId(), c.seq()));
            List<CursorRow> rows = new ArrayList<>();
            new TreeMap<>(acks).forEach((id, seq) -> rows.add(new CursorRow(id, seq)));
            mapper.upsertCursors(uid, deviceId, rows, clock.millis());
            List<AckEntry> recorded = new ArrayList<>(acks.size());
            List<AckEntry> advanced = new ArrayList<>();
            acks.forEach((id, seq) -> {
                Long old = before.get(id);
                long now = old == null ? seq : Math.max(old, seq);
                recorded.add(new AckEntry(id, now));
                if (old == null ? seq > 0 : seq > old) {
                    advanced.add(new AckEntry(id, now));
                }
            });
            return new RecordedAcks(recorded, advanced);
        });
    }

    private void requireMember(String uid, Set<String> conversationIds) {
        List<String> groups = conversationIds.stream().filter(id -> ConversationId.parse(id).isGroup()).toList();
        Set<String> groupsOfUser = groups.isEmpty() ? Set.of() : new HashSet<>(mapper.selectActiveMemberships(uid, groups));
        for (String id : conversationIds) {
            ConversationId conversation = ConversationId.parse(id);
            boolean member = conversation.isDirect() ? conversation.hasMember(uid) : groupsOfUser.contains(id);
            if (!member) {
                throw ApiException.forbidden("uid " + uid + " is not a member of " + id);
            }
        }
    }

    private void requireStored(Map<String, Long> acks) {
        Map<String, Long> maxSeq = new HashMap<>();
        mapper.selectMaxSeqs(acks.keySet()).forEach(c -> maxSeq.put(c.conversationId(), c.seq()));
        acks.forEach((id, seq) -> {
            long last = maxSeq.getOrDefault(id, 0L);
            if (seq > last) {
                throw ApiException.badFrame("seq: " + seq + " for " + id + " (expected: 0.." + last
                        + ", the conversation's last seq)");
            }
        });
    }
}
