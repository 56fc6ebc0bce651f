package io.pigeonim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.pigeonim.client.store.InMemoryClientStore;
import io.pigeonim.client.transport.ServerApi.HistoryPage;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.testsupport.TestClock;

class InboxTest {

    private static final String CONV = "g:team";

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final InMemoryClientStore store = new InMemoryClientStore();
    private final List<Long> shown = new ArrayList<>();
    private final List<Long> historyAsked = new ArrayList<>();
    private Consumer<HistoryPage> answer;
    private final ClientOptions options = ClientOptions.defaults();
    private Inbox inbox;
    private final AckBatcher acks = new AckBatcher(options, c -> inbox.cursor(c));

    InboxTest() {
        inbox = new Inbox(options, clock, store, (conversationId, afterSeq, page, failed) -> {
            historyAsked.add(afterSeq);
            answer = page;
        }, acks, m -> shown.add(m.seq()), (delay, task) -> task.run());
    }

    @Test
    void inOrderMessagesAreShownOnceAndDuplicatesDropped() {
        inbox.receive(m(1), false);
        inbox.receive(m(2), false);
        inbox.receive(m(2), false);
        inbox.receive(m(1), false);
        assertThat(shown).containsExactly(1L, 2L);
        assertThat(store.load().cursors()).containsEntry(CONV, 2L);
        assertThat(historyAsked).isEmpty();
    }

    @Test
    void aSeqJumpIsFilledThroughHistoryBeforeLaterMessagesAreShownAndNoAckPassesTheGap() {
        inbox.receive(m(1), false);
        inbox.receive(m(4), false);
        inbox.receive(m(5), false);
        assertThat(shown).containsExactly(1L);
        assertThat(historyAsked).containsExactly(1L);
        clock.advance(Duration.ofSeconds(1));
        assertThat(ackedSeq()).isEqualTo(1L);

        answer.accept(new HistoryPage(List.of(m(2), m(3), m(4)), false));

        assertThat(shown).containsExactly(1L, 2L, 3L, 4L, 5L);
        clock.advance(Duration.ofSeconds(1));
        assertThat(ackedSeq()).isEqualTo(5L);
    }

    @Test
    void aHoleThatHistoryConfirmsIsLegal() {
        inbox.receive(m(1), false);
        inbox.receive(m(3), false);
        answer.accept(new HistoryPage(List.of(m(3)), false));
        assertThat(shown).containsExactly(1L, 3L);
    }

    @Test
    void withinASyncRunTheNextMessageOfAConversationFollowsItsPredecessorWhateverTheJump() {
        inbox.receive(m(1), false);
        inbox.receive(m(5), true);
        assertThat(shown).containsExactly(1L, 5L);
        assertThat(historyAsked).isEmpty();
    }

    @Test
    void theSummaryRevealsALostLastMessage() {
        inbox.receive(m(1), false);
        inbox.catchUp(CONV, 2);
        assertThat(historyAsked).containsExactly(1L);
        answer.accept(new HistoryPage(List.of(m(2)), false));
        assertThat(shown).containsExactly(1L, 2L);
    }

    @Test
    void aRestoredCursorKeepsOldMessagesFromBeingShownAgain() {
        store.messageShown(CONV, 3, "id-3");
        Inbox restarted = new Inbox(options, clock, store, (c, a, p, f) -> historyAsked.add(a), acks,
                m -> shown.add(m.seq()), (d, t) -> t.run());
        restarted.restore(store.load());
        restarted.receive(m(3), false);
        restarted.receive(m(4), false);
        assertThat(shown).containsExactly(4L);
    }

    @Test
    void aLongGapIsFilledPageByPageAndAFailedReadIsRetried() {
        List<Long> asked = new ArrayList<>();
        List<Consumer<HistoryPage>> answers = new ArrayList<>();
        List<Consumer<Throwable>> failures = new ArrayList<>();
        List<Runnable> retries = new ArrayList<>();
        Inbox paged = new Inbox(options, clock, store, (c, after, page, failed) -> {
            asked.add(after);
            answers.add(page);
            failures.add(failed);
        }, acks, m -> shown.add(m.seq()), (delay, task) -> retries.add(task));
        paged.receive(m(5), false);

        failures.get(0).accept(new RuntimeException("HTTP 429"));
        assertThat(retries).hasSize(1);
        retries.get(0).run();
        answers.get(1).accept(new HistoryPage(List.of(m(1), m(2)), true));
        answers.get(2).accept(new HistoryPage(List.of(m(3), m(4), m(5)), false));

        assertThat(asked).containsExactly(0L, 0L, 2L);
        assertThat(shown).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    private long ackedSeq() {
        List<ClientFrame.Ack> due = acks.due(clock.millis());
        return due.stream().flatMap(a -> a.acks().stream()).mapToLong(AckEntry::seq).max().orElse(-1);
    }

    private static MessageFrame m(long seq) {
        return new StoredMessage("id-" + seq, CONV, seq, "bob", "c-" + seq, "text", "m" + seq, 0).frame();
    }
}
