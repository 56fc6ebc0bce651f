package io.pigeonim.message.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.seq.SeqRange;
import io.pigeonim.message.member.MemberDirectory;
import io.pigeonim.message.member.Members;
import io.pigeonim.message.seq.SeqClient;
import io.pigeonim.schema.ConversationRow;
import io.pigeonim.schema.MembershipRow;
import io.pigeonim.schema.MessageRow;
import io.pigeonim.schema.StoreMapper;
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
 * raises {@code conversation.max_seq} and indexes one-to-one conversations for both members (once: see
 * {@link KnownMemberships}).
 *
 * <p>Groups: a group message is stored once, whatever the number of members. Its sender must be a member
 * when it is stored: the transaction first locks the group's conversation row, the lock membership changes
 * take too, and checks the sender against the member list of the version it then reads. The same snapshot
 * is the push audience, so a member added or removed while messages flow sees a clean seq boundary
 * (ADR 0005). A message to a group that does not exist, or from a sender who never was a member, is returned as
 * {@link Rejected} (dead-lettered by the caller); a removed member's send that was accepted before the removal is
 * stored (a {@code send_ack} is a promise).
 *
 * @implNote The dedup query and the seq call run outside the transaction so that no row lock waits on
 *     an HTTP call. A second consumer racing on the same records (after a rebalance) is caught by the
 *     unique keys: the multi-row insert fails as a whole and each row is then inserted or re-read on
 *     its own. The seqs it allocated for rows that turn out to exist are left as holes, which the
 *     protocol allows; storing a message twice is what it forbids. Membership is checked once before the
 *     seq call (so a non-member rarely costs a seq) and again under the lock (which decides).
 */
@Component
public class MessageStore {

    private final MessageMapper mapper;
    private final StoreMapper writes;
    private final SeqClient seqs;
    private final GroupAdmission admission;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Timer committed;
    private final Counter raceRetries;
    /** Tries of one batch against concurrent stores of the same messages before the batch fails (and is retried). */
    private static final int RACE_ATTEMPTS = 3;
    /** One-to-one conversations remembered as indexed: about 120 bytes each, so about 6 MB of heap. */
    private static final int KNOWN_MEMBERSHIPS = 50_000;
    private final KnownMemberships knownMemberships = new KnownMemberships(KNOWN_MEMBERSHIPS);

    MessageStore(MessageMapper mapper, StoreMapper writes, SeqClient seqs, MemberDirectory members,
            PlatformTransactionManager transactionManager, Clock clock, MeterRegistry meters) {
        this.mapper = mapper;
        this.writes = writes;
        this.seqs = seqs;
        this.admission = new GroupAdmission(members);
        this.transactions = new TransactionTemplate(transactionManager);
        // no gap locks: consumers of other partitions insert into other conversations concurrently
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.clock = clock;
        this.raceRetries = Counter.builder("pigeon.message.store.raced")
                .description("Batches done again because another consumer stored some of their messages meanwhile")
                .register(meters);
        this.committed = Timer.builder("pigeon.message.store.committed")
                .description("The transaction that stores a batch's new messages, until committed (or rolled back)")
                .register(meters);
    }

    /**
     * Stores what is new in {@code messages} (well-formed, in Kafka order).
     *
     * @implNote When another consumer stores some of the same messages between this one's read and its insert (a
     *     zombie of a rebalance, say, after a long GC pause), the insert fails on their msgIds and the whole batch is
     *     done again: what the other stored is read back, and the rest gets fresh seqs, allocated after the other's.
     *     Keeping the rest's first seqs instead could put them below the other's, out of their clientId order
     *     (issue 13).
     * @throws RuntimeException on any failure of MySQL or seq-service: nothing is half-stored, retry the batch
     */
    public StoredBatch store(List<UplinkMessage> messages) {
        for (int attempt = 1; ; attempt++) {
            try {
                return storeOnce(messages);
            } catch (DuplicateKeyException raced) {
                if (attempt >= RACE_ATTEMPTS) {
                    throw raced;
                }
                raceRetries.increment();
            }
        }
    }

    private StoredBatch storeOnce(List<UplinkMessage> messages) {
        Map<String, UplinkMessage> distinct = new LinkedHashMap<>();
        for (UplinkMessage message : messages) {
            distinct.putIfAbsent(message.msgId(), message);
        }
        if (distinct.isEmpty()) {
            return new StoredBatch(List.of(), 0, 0, List.of(), Map.of());
        }
        Map<String, StoredMessage> existing = new HashMap<>();
        for (StoredMessage row : mapper.selectByMsgIds(distinct.keySet())) {
            existing.put(row.msgId(), row);
        }
        Set<String> groups = GroupAdmission.groupsOf(distinct.values().stream().map(UplinkMessage::conversationId).toList());
        Map<String, Members> audiences = new HashMap<>(admission.snapshot(groups, mapper::selectGroupConversations));
        List<Rejected> rejected = new ArrayList<>();
        List<UplinkMessage> fresh = GroupAdmission.admit(
                distinct.values().stream().filter(m -> !existing.containsKey(m.msgId())).toList(),
                UplinkMessage::conversationId, UplinkMessage::senderId, UplinkMessage::msgId, audiences,
                this::formerMember, rejected);
        Map<String, SeqRange> ranges = seqs.allocate(SeqAssignment.counts(fresh));
        List<MessageRow> assigned = SeqAssignment.assign(fresh, ranges);
        Insertion inserted = assigned.isEmpty() ? Insertion.NONE
                : committed.record(() -> transactions.execute(tx -> insert(assigned)));
        knownMemberships.committed(inserted.indexed());
        existing.putAll(inserted.stored());
        audiences.putAll(inserted.locked());
        rejected.addAll(inserted.rejected());
        int stored = (int) assigned.stream().filter(row -> inserted.stored().get(row.message().msgId()) == row.message())
                .count();
        Set<String> refused = new HashSet<>();
        rejected.forEach(r -> refused.add(r.msgId()));
        int refusedRecords = (int) messages.stream().filter(m -> refused.contains(m.msgId())).count();
        List<StoredMessage> result = distinct.keySet().stream().filter(id -> !refused.contains(id)).map(existing::get).toList();
        audiences.keySet().retainAll(groups);
        return new StoredBatch(result, stored, messages.size() - stored - refusedRecords, rejected, audiences);
    }

    /**
     * What one store transaction did: msgId → row as stored, the group snapshots it took, what it refused, the
     * one-to-one membership rows it inserted.
     */
    private record Insertion(Map<String, StoredMessage> stored, Map<String, Members> locked, List<Rejected> rejected,
            List<MembershipRow> indexed) {
        static final Insertion NONE = new Insertion(Map.of(), Map.of(), List.of(), List.of());
    }

    /** Inserts {@code rows} (stored map: the same instance when this call stored it). */
    private Insertion insert(List<MessageRow> candidates) {
        Set<String> groups = GroupAdmission.groupsOf(candidates.stream().map(r -> r.message().conversationId()).toList());
        Map<String, Members> locked = admission.snapshot(groups, mapper::selectGroupConversationsForUpdate);
        List<Rejected> rejected = new ArrayList<>();
        List<MessageRow> rows = GroupAdmission.admit(candidates, r -> r.message().conversationId(),
                r -> r.message().senderId(), r -> r.message().msgId(), locked, this::formerMember, rejected);
        Map<String, StoredMessage> stored = new HashMap<>();
        if (rows.isEmpty()) {
            return new Insertion(stored, locked, rejected, List.of());
        }
        // a duplicate key rolls the whole transaction back and the batch is done again (see store)
        writes.insertMessages(rows);
        rows.forEach(row -> stored.put(row.message().msgId(), row.message()));
        writes.upsertConversations(conversations(rows, clock.millis()));
        List<MembershipRow> memberships = knownMemberships.unknown(memberships(rows));
        if (!memberships.isEmpty()) {
            writes.insertMemberships(memberships);
        }
        return new Insertion(stored, locked, rejected, memberships);
    }

    /** One row per conversation with its highest new seq, sorted so concurrent transactions lock in one order. */
    static List<ConversationRow> conversations(List<MessageRow> fresh, long now) {
        Map<String, Long> maxSeq = new TreeMap<>();
        for (MessageRow row : fresh) {
            maxSeq.merge(row.message().conversationId(), row.message().seq(), Math::max);
        }
        List<ConversationRow> rows = new ArrayList<>(maxSeq.size());
        maxSeq.forEach((id, seq) -> rows.add(new ConversationRow(id,
                ConversationId.parse(id).isDirect() ? "p" : "g", seq, now)));
        return rows;
    }

    /** Both members of each one-to-one conversation; group membership is kept by whoever manages groups. */
    static List<MembershipRow> memberships(List<MessageRow> fresh) {
        TreeSet<MembershipRow> rows = new TreeSet<>(Comparator.comparing(MembershipRow::uid)
                .thenComparing(MembershipRow::conversationId));
        for (MessageRow row : fresh) {
            ConversationId conversation = ConversationId.parse(row.message().conversationId());
            if (conversation.isDirect()) {
                for (String uid : conversation.members()) {
                    rows.add(new MembershipRow(uid, row.message().conversationId()));
                }
            }
        }
        return new ArrayList<>(rows);
    }

    /** Whether {@code uid} was a member of the group and was removed (its row keeps {@code leave_seq}). */
    private boolean formerMember(String uid, String conversationId) {
        return mapper.countFormerMembership(uid, conversationId) > 0;
    }
}
