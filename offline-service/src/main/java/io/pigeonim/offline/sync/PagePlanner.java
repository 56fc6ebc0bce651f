package io.pigeonim.offline.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.StoredMessage;

/**
 * Fills a page of exactly {@code limit} messages (while more remain) from the pending ranges, in conversation
 * order, with as few statements as the seq numbering allows.
 *
 * <p>A range's seq span ({@code toSeq - fromSeq}) is an upper bound of its message count (holes are legal), so
 * asking each conversation for at most its span, until the spans cover the room left, never reads a row that is
 * then thrown away: with no holes one statement fills the page. Holes leave the page short; the next round asks
 * the following conversations for the shortfall. After {@value #SPAN_ROUNDS} such rounds a round asks as many
 * conversations as there is room left — each has at least one message, the one at its max seq — so the page fills
 * in a bounded number of statements whatever the holes.
 *
 * @implNote Rejected: one statement joining all pending ranges with {@code ORDER BY … LIMIT}: MySQL cannot stop
 *     early across a join ordered by two tables' columns, so every page would read every pending message.
 *     Rejected: one statement per conversation (N+1).
 */
final class PagePlanner {

    static final int SPAN_ROUNDS = 2;

    private PagePlanner() {
    }

    /**
     * Reads one page.
     *
     * @param pending ranges in the order pages drain them (conversation id)
     * @param more whether conversations past {@code pending} also wait
     * @param fetch runs one page statement: the messages of each branch, in any order
     */
    static Page read(List<PendingRange> pending, boolean more, int limit, Function<List<Branch>, List<StoredMessage>> fetch) {
        int n = pending.size();
        long[] after = new long[n];
        boolean[] drained = new boolean[n];
        for (int i = 0; i < n; i++) {
            after[i] = pending.get(i).fromSeq();
        }
        List<StoredMessage> page = new ArrayList<>(limit);
        int first = 0;
        int statements = 0;
        while (page.size() < limit && first < n) {
            statements++;
            List<Branch> branches = plan(pending, after, first, limit - page.size(), statements > SPAN_ROUNDS);
            Map<String, List<StoredMessage>> rows = byConversation(fetch.apply(branches));
            for (int k = 0; k < branches.size() && page.size() < limit; k++) {
                int i = first + k;
                Branch branch = branches.get(k);
                List<StoredMessage> got = rows.getOrDefault(branch.conversationId(), List.of());
                int take = Math.min(got.size(), limit - page.size());
                page.addAll(got.subList(0, take));
                if (take > 0) {
                    after[i] = got.get(take - 1).seq();
                }
                boolean exhausted = take == got.size() && got.size() < branch.limit();
                drained[i] = exhausted || after[i] >= branch.toSeq();
            }
            while (first < n && drained[first]) {
                first++;
            }
        }
        return new Page(page, acks(pending, after, drained), first < n || more, statements);
    }

    private static List<Branch> plan(List<PendingRange> pending, long[] after, int first, int room, boolean byCount) {
        List<Branch> branches = new ArrayList<>();
        long planned = 0;
        for (int i = first; i < pending.size(); i++) {
            PendingRange range = pending.get(i);
            // by span: never more than the room still uncovered; by count: a conversation may have only one message
            long cap = byCount ? room : room - planned;
            int limit = (int) Math.min(range.toSeq() - after[i], cap);
            branches.add(new Branch(range.conversationId(), after[i], range.toSeq(), limit));
            planned += limit;
            if (byCount ? branches.size() >= room : planned >= room) {
                break;
            }
        }
        return branches;
    }

    private static Map<String, List<StoredMessage>> byConversation(List<StoredMessage> rows) {
        Map<String, List<StoredMessage>> grouped = new HashMap<>();
        for (StoredMessage row : rows) {
            grouped.computeIfAbsent(row.conversationId(), c -> new ArrayList<>()).add(row);
        }
        grouped.values().forEach(list -> list.sort(Comparator.comparingLong(StoredMessage::seq)));
        return grouped;
    }

    /** A drained range is acknowledged to its end (what follows in it are holes); a partly read one to its last message. */
    private static List<AckEntry> acks(List<PendingRange> pending, long[] after, boolean[] drained) {
        List<AckEntry> acks = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            PendingRange range = pending.get(i);
            if (drained[i]) {
                acks.add(new AckEntry(range.conversationId(), range.toSeq()));
            } else if (after[i] > range.fromSeq()) {
                acks.add(new AckEntry(range.conversationId(), after[i]));
            }
        }
        return acks;
    }
}
