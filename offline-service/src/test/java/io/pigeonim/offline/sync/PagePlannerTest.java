package io.pigeonim.offline.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.StoredMessage;

class PagePlannerTest {

    /** An in-memory message table: conversation → seqs, answering branches like the UNION ALL statement. */
    private static final class Store implements Function<List<Branch>, List<StoredMessage>> {
        final Map<String, TreeSet<Long>> seqs = new TreeMap<>();
        final List<List<Branch>> statements = new ArrayList<>();
        int rowsRead;

        Store add(String conversationId, long... values) {
            TreeSet<Long> set = seqs.computeIfAbsent(conversationId, c -> new TreeSet<>());
            for (long v : values) {
                set.add(v);
            }
            return this;
        }

        Store range(String conversationId, long from, long to) {
            for (long s = from; s <= to; s++) {
                add(conversationId, s);
            }
            return this;
        }

        List<PendingRange> pending(Map<String, Long> cursors) {
            List<PendingRange> list = new ArrayList<>();
            seqs.forEach((c, set) -> {
                long from = cursors.getOrDefault(c, 0L);
                if (set.last() > from) {
                    list.add(new PendingRange(c, from, set.last()));
                }
            });
            return list;
        }

        @Override
        public List<StoredMessage> apply(List<Branch> branches) {
            statements.add(branches);
            List<StoredMessage> rows = new ArrayList<>();
            for (Branch b : branches) {
                seqs.get(b.conversationId()).subSet(b.fromSeq(), false, b.toSeq(), true).stream().limit(b.limit())
                        .forEach(s -> rows.add(new StoredMessage("m" + b.conversationId() + s, b.conversationId(), s,
                                "u", "c", "text", "x", 0)));
            }
            rowsRead += rows.size();
            java.util.Collections.reverse(rows); // the statement promises no order
            return rows;
        }
    }

    @Test
    void without_holes_one_statement_fills_the_page_and_reads_no_row_it_throws_away() {
        Store store = new Store().range("g:a", 1, 3).range("g:b", 1, 5).range("g:c", 1, 4);
        Page page = PagePlanner.read(store.pending(Map.of()), false, 6, store);

        assertThat(store.statements).hasSize(1);
        assertThat(store.rowsRead).isEqualTo(6);
        assertThat(page.messages()).extracting(m -> m.conversationId() + "#" + m.seq())
                .containsExactly("g:a#1", "g:a#2", "g:a#3", "g:b#1", "g:b#2", "g:b#3");
        assertThat(page.acks()).containsExactly(new AckEntry("g:a", 3L), new AckEntry("g:b", 3L));
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void pages_drain_everything_exactly_once_in_order() {
        Store store = new Store().range("g:a", 1, 7).add("g:b", 3, 9, 10).range("p:x:y", 5, 11);
        Map<String, Long> cursors = new TreeMap<>(Map.of("p:x:y", 4L));
        List<String> seen = new ArrayList<>();
        boolean more = true;
        int pages = 0;
        while (more) {
            Page page = PagePlanner.read(store.pending(cursors), false, 4, store);
            page.messages().forEach(m -> seen.add(m.conversationId() + "#" + m.seq()));
            page.acks().forEach(a -> cursors.put(a.conversationId(), a.seq()));
            more = page.hasMore();
            pages++;
            if (more) {
                assertThat(page.messages()).hasSize(4);
            }
        }
        assertThat(seen).containsExactly("g:a#1", "g:a#2", "g:a#3", "g:a#4", "g:a#5", "g:a#6", "g:a#7",
                "g:b#3", "g:b#9", "g:b#10", "p:x:y#5", "p:x:y#6", "p:x:y#7", "p:x:y#8", "p:x:y#9", "p:x:y#10", "p:x:y#11");
        assertThat(pages).isEqualTo(5);
        assertThat(cursors).containsEntry("g:a", 7L).containsEntry("g:b", 10L).containsEntry("p:x:y", 11L);
    }

    @Test
    void holes_cost_another_round_yet_the_page_is_full_and_the_drained_range_is_acked_to_its_end() {
        Store store = new Store().add("g:a", 1, 5, 10).range("g:b", 1, 20);
        Page page = PagePlanner.read(store.pending(Map.of()), false, 10, store);

        assertThat(page.messages()).hasSize(10);
        assertThat(store.statements).hasSize(2);
        assertThat(page.acks()).containsExactly(new AckEntry("g:a", 10L), new AckEntry("g:b", 7L));
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void after_the_span_rounds_a_round_asks_one_conversation_per_missing_message() {
        Store store = new Store();
        for (int i = 0; i < 30; i++) {
            store.add(String.format("g:c%02d", i), 1000); // one message each, 999 holes before it
        }
        Page page = PagePlanner.read(store.pending(Map.of()), false, 20, store);

        assertThat(page.messages()).hasSize(20);
        assertThat(store.statements).hasSize(PagePlanner.SPAN_ROUNDS + 1);
        assertThat(page.acks()).hasSize(20).allMatch(a -> a.seq() == 1000L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void nothing_pending_is_an_empty_last_page_without_a_statement() {
        Store store = new Store();
        Page page = PagePlanner.read(List.of(), false, 50, store);

        assertThat(page.messages()).isEmpty();
        assertThat(page.acks()).isEmpty();
        assertThat(page.hasMore()).isFalse();
        assertThat(store.statements).isEmpty();
    }

    @Test
    void a_range_of_holes_only_is_drained_without_messages() {
        Store store = new Store().add("g:a", 1, 2);
        List<PendingRange> pending = List.of(new PendingRange("g:a", 0, 2), new PendingRange("g:left", 0, 5));
        store.seqs.put("g:left", new TreeSet<>(List.of(9L))); // visible window ends at 5: nothing in it
        Page page = PagePlanner.read(pending, false, 10, store);

        assertThat(page.messages()).hasSize(2);
        assertThat(page.acks()).containsExactly(new AckEntry("g:a", 2L), new AckEntry("g:left", 5L));
        assertThat(page.hasMore()).isFalse();
    }
}
