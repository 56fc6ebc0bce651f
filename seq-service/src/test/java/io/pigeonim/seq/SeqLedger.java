package io.pigeonim.seq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every range handed out during a test, with when its call started and ended, and the checks a
 * message store relies on: no seq twice, and a call that starts after another ended gets higher seqs.
 */
public final class SeqLedger {

    private record Entry(String conversationId, long first, long last, long startNanos, long endNanos) {
    }

    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

    /** Records the ranges of one successful call. */
    public void record(SeqClient.Answer answer, long startNanos, long endNanos) {
        for (SeqClient.Range r : answer.ranges()) {
            entries.add(new Entry(r.conversationId(), r.first(), r.last(), startNanos, endNanos));
        }
    }

    public int ranges() {
        return entries.size();
    }

    /** The highest seq handed out for a conversation so far (0 if none). */
    public long max(String conversationId) {
        return entries.stream().filter(e -> e.conversationId().equals(conversationId))
                .mapToLong(Entry::last).max().orElse(0);
    }

    /** No seq handed out twice, each below 2^53; and real-time order: A ended before B started ⇒ A's seqs < B's. */
    public void assertUniqueAndIncreasing() {
        Map<String, List<Entry>> byConversation = new HashMap<>();
        entries.forEach(e -> byConversation.computeIfAbsent(e.conversationId(), k -> new ArrayList<>()).add(e));
        byConversation.forEach((id, list) -> {
            Set<Long> seen = new HashSet<>();
            for (Entry e : list) {
                assertThat(e.first()).as("range of %s", id).isPositive().isLessThanOrEqualTo(e.last());
                assertThat(e.last()).isLessThan(1L << 53);
                for (long s = e.first(); s <= e.last(); s++) {
                    assertThat(seen.add(s)).as("seq %d of %s handed out twice", s, id).isTrue();
                }
            }
            List<Entry> byEnd = new ArrayList<>(list);
            byEnd.sort(Comparator.comparingLong(Entry::endNanos));
            long[] ends = byEnd.stream().mapToLong(Entry::endNanos).toArray();
            long[] maxLast = new long[byEnd.size()];
            for (int i = 0; i < byEnd.size(); i++) {
                maxLast[i] = Math.max(i == 0 ? 0 : maxLast[i - 1], byEnd.get(i).last());
            }
            for (Entry b : list) {
                int before = lastIndexBelow(ends, b.startNanos());
                if (before >= 0) {
                    assertThat(b.first()).as("%s: a call starting after seq %d was handed out got %d",
                            id, maxLast[before], b.first()).isGreaterThan(maxLast[before]);
                }
            }
        });
    }

    private static int lastIndexBelow(long[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
