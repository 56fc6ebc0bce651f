package io.pigeonim.seq.mark;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link HighWaterMarks} in MySQL table {@code seq_block}: one upsert raises every mark of a batch
 * ({@code max_seq = max_seq + step}, a new row starts at {@code step}), and a read in the same
 * transaction returns the raised values, so two instances raising together get disjoint blocks.
 *
 * @implNote Rows are touched in id order so concurrent batches lock in the same order; a deadlock
 *     that InnoDB still reports (gap locks of new rows) is retried. {@code VALUES(col)} in the upsert is
 *     deprecated in MySQL 8 but is the only spelling MariaDB also accepts.
 */
public class SeqBlockRepository implements HighWaterMarks {

    private static final int ATTEMPTS = 3;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public SeqBlockRepository(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Map<String, RaisedBlock> raise(Map<String, Integer> steps) {
        if (steps.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, Integer> ordered = new TreeMap<>(steps);
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> raiseInTransaction(ordered));
            } catch (PessimisticLockingFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw new MarkUnavailableException("raising " + steps.size() + " marks kept deadlocking", e);
                }
            } catch (DataAccessException e) {
                throw new MarkUnavailableException("cannot raise marks in MySQL: " + e.getMostSpecificCause(), e);
            } catch (TransactionException e) {
                // commit outcome unknown: the mark may have grown, which leaves a hole, never a repeat
                throw new MarkUnavailableException("cannot raise marks in MySQL: " + e.getMessage(), e);
            }
        }
    }

    private Map<String, RaisedBlock> raiseInTransaction(TreeMap<String, Integer> steps) {
        long now = clock.millis();
        String values = String.join(",", Collections.nCopies(steps.size(), "(?,?,?)"));
        List<Object> args = new ArrayList<>(steps.size() * 3);
        steps.forEach((id, step) -> {
            args.add(id);
            args.add(step);
            args.add(now);
        });
        jdbc.update("INSERT INTO seq_block (conversation_id, max_seq, updated_at) VALUES " + values
                + " ON DUPLICATE KEY UPDATE max_seq = max_seq + VALUES(max_seq), updated_at = VALUES(updated_at)",
                args.toArray());
        Map<String, Long> marks = select(steps.keySet());
        Map<String, RaisedBlock> blocks = new HashMap<>();
        steps.forEach((id, step) -> {
            long mark = marks.get(id);
            if (mark > MAX_SEQ) {
                // rolls the transaction back: the mark never passes 2^53 - 1
                throw new MarkUnavailableException("conversation " + id + " has no seq left below 2^53", null);
            }
            blocks.put(id, new RaisedBlock(mark - step, mark));
        });
        return blocks;
    }

    @Override
    public Map<String, Long> read(Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        try {
            return select(conversationIds);
        } catch (DataAccessException e) {
            throw new MarkUnavailableException("cannot read marks from MySQL: " + e.getMostSpecificCause(), e);
        }
    }

    private Map<String, Long> select(Collection<String> conversationIds) {
        String in = String.join(",", Collections.nCopies(conversationIds.size(), "?"));
        Map<String, Long> marks = new HashMap<>();
        jdbc.query("SELECT conversation_id, max_seq FROM seq_block WHERE conversation_id IN (" + in + ")",
                rs -> {
                    marks.put(rs.getString(1), rs.getLong(2));
                }, conversationIds.toArray());
        return marks;
    }
}
