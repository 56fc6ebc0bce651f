package io.pigeonim.message.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.message.seq.SeqClient;
import io.pigeonim.message.seq.SeqRange;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a batch of uplink messages, each (sender, clientMsgId) once ever.
 *
 * <p>Steps: one query finds what is already stored, one seq-service call allocates seqs for the rest
 * (in arrival order within each conversation), then one transaction inserts them in one statement,
 * raises {@code conversation.max_seq} and indexes the conversation for both members.
 *
 * @implNote The dedup query and the seq call run outside the transaction so that no row lock waits on
 *     an HTTP call. A second consumer racing on the same records (after a rebalance) is caught by the
 *     unique keys: the multi-row insert fails as a whole and each row is then inserted or re-read on
 *     its own. The seqs it allocated for rows that turn out to exist are left as holes, which the
 *     protocol allows; storing a message twice is what it forbids.
 */
@Component
public class MessageStore {

    private final MessageMapper mapper;
    private final SeqClient seqs;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MessageStore(MessageMapper mapper, SeqClient seqs, PlatformTransactionManager transactionManager, Clock clock) {
        this.mapper = mapper;
        this.seqs = seqs;
        this.transactions = new TransactionTemplate(transactionManager);
        // no gap locks: consumers of other partitions insert into other conversations concurrently
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.clock = clock;
    }

    /**
     * Stores what is new in {@code messages} (valid, one-to-one, in Kafka order).
     *
     * @throws RuntimeException on any failure of MySQL or seq-service: nothing is half-stored, retry the batch
     */
    public StoredBatch store(List<UplinkMessage> messages) {
        Map<String, UplinkMessage> distinct = new LinkedHashMap<>();
        for (UplinkMessage message : messages) {
            distinct.putIfAbsent(message.msgId(), message);
        }
        if (distinct.isEmpty()) {
            return new StoredBatch(List.of(), 0, 0);
        }
        Map<String, StoredMessage> existing = new HashMap<>();
        for (StoredMessage row : mapper.selectByMsgIds(distinct.keySet())) {
            existing.put(row.msgId(), row);
        }
        List<UplinkMessage> fresh = distinct.values().stream().filter(m -> !existing.containsKey(m.msgId())).toList();
        Map<String, SeqRange> ranges = seqs.allocate(SeqAssignment.counts(fresh));
        List<StoredMessage> assigned = SeqAssignment.assign(fresh, ranges);
        Map<String, StoredMessage> inserted = assigned.isEmpty() ? Map.of() : transactions.execute(tx -> insert(assigned));
        existing.putAll(inserted);
        int stored = (int) assigned.stream().filter(row -> inserted.get(row.msgId()) == row).count();
        List<StoredMessage> result = distinct.keySet().stream().map(existing::get).toList();
        return new StoredBatch(result, stored, messages.size() - stored);
    }

    /** Inserts {@code rows}; returns msgId → the row as stored (the same instance when this call stored it). */
    private Map<String, StoredMessage> insert(List<StoredMessage> rows) {
        Map<String, StoredMessage> stored = new HashMap<>();
        try {
            mapper.insertMessages(rows);
            rows.forEach(row -> stored.put(row.msgId(), row));
        } catch (DuplicateKeyException raced) {
            for (StoredMessage row : rows) {
                stored.put(row.msgId(), insertOrReread(row));
            }
        }
        List<StoredMessage> fresh = rows.stream().filter(row -> stored.get(row.msgId()) == row).toList();
        if (!fresh.isEmpty()) {
            mapper.upsertConversations(conversations(fresh, clock.millis()));
            List<MembershipRow> memberships = memberships(fresh);
            if (!memberships.isEmpty()) {
                mapper.insertMemberships(memberships);
            }
        }
        return stored;
    }

    private StoredMessage insertOrReread(StoredMessage row) {
        try {
            mapper.insertMessages(List.of(row));
            return row;
        } catch (DuplicateKeyException e) {
            List<StoredMessage> found = mapper.selectByMsgIds(List.of(row.msgId()));
            if (found.isEmpty()) {
                // not our msgId: the (conversation, seq) key, a seq handed out twice; fail loudly
                throw new IllegalStateException("seq " + row.seq() + " of " + row.conversationId() + " already used", e);
            }
            return found.get(0);
        }
    }

    /** One row per conversation with its highest new seq, sorted so concurrent transactions lock in one order. */
    static List<ConversationRow> conversations(List<StoredMessage> fresh, long now) {
        Map<String, Long> maxSeq = new TreeMap<>();
        for (StoredMessage row : fresh) {
            maxSeq.merge(row.conversationId(), row.seq(), Math::max);
        }
        List<ConversationRow> rows = new ArrayList<>(maxSeq.size());
        maxSeq.forEach((id, seq) -> rows.add(new ConversationRow(id,
                ConversationId.parse(id).isDirect() ? "p" : "g", seq, now)));
        return rows;
    }

    /** Both members of each one-to-one conversation; group membership is kept by whoever manages groups. */
    static List<MembershipRow> memberships(List<StoredMessage> fresh) {
        TreeSet<MembershipRow> rows = new TreeSet<>(Comparator.comparing(MembershipRow::uid)
                .thenComparing(MembershipRow::conversationId));
        for (StoredMessage row : fresh) {
            ConversationId conversation = ConversationId.parse(row.conversationId());
            if (conversation.isDirect()) {
                for (String uid : conversation.members()) {
                    rows.add(new MembershipRow(uid, row.conversationId()));
                }
            }
        }
        return new ArrayList<>(rows);
    }
}
