package io.pigeonim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.pigeonim.client.store.InMemoryClientStore;
import io.pigeonim.client.transport.ServerApi;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.testsupport.TestClock;

/** The paged sync acknowledges a page (by asking for the next) only once the gaps it opened are filled. */
class SyncRunTest {

    private final List<String> syncCalls = new ArrayList<>();
    private final List<CompletableFuture<ServerApi.SyncPage>> pages = new ArrayList<>();
    private final List<Long> shown = new ArrayList<>();
    private Consumer<ServerApi.HistoryPage> historyAnswer;
    private boolean done;
    private Inbox inbox;

    @Test
    void aPageThatOpensAGapIsAcknowledgedOnlyAfterTheGapIsFilled() {
        TestClock clock = new TestClock(Instant.parse("2026-12-01T12:00:00Z"));
        ClientOptions options = ClientOptions.defaults();
        AckBatcher acks = new AckBatcher(options, c -> inbox.cursor(c));
        inbox = new Inbox(options, clock, new InMemoryClientStore(), (c, after, page, failed) -> historyAnswer = page,
                acks, m -> shown.add(m.seq()), (d, t) -> t.run());
        SyncRun run = new SyncRun(api(), "token", 50, inbox, Runnable::run, () -> true, () -> done = true,
                e -> { throw new AssertionError(e); }, (d, t) -> t.run());

        run.start();
        // the server's cursor is ahead of ours (say our store was lost): the page starts at seq 3, and 4 follows it
        pages.get(0).complete(new ServerApi.SyncPage(List.of(m(3), m(4)), "T1", true));
        assertThat(syncCalls).containsExactly("null");
        assertThat(shown).isEmpty();

        historyAnswer.accept(new ServerApi.HistoryPage(List.of(m(1), m(2), m(3)), true));
        historyAnswer.accept(new ServerApi.HistoryPage(List.of(m(4)), false));
        assertThat(shown).containsExactly(1L, 2L, 3L, 4L);
        assertThat(syncCalls).containsExactly("null", "T1");

        pages.get(1).complete(new ServerApi.SyncPage(List.of(), null, false));
        assertThat(done).isTrue();
    }

    private ServerApi api() {
        return new ServerApi() {
            @Override
            public CompletableFuture<SyncPage> sync(String token, String ack, int limit) {
                syncCalls.add(String.valueOf(ack));
                CompletableFuture<SyncPage> page = new CompletableFuture<>();
                pages.add(page);
                return page;
            }

            @Override
            public CompletableFuture<List<SummaryEntry>> summary(String token) {
                return CompletableFuture.completedFuture(List.of());
            }

            @Override
            public CompletableFuture<HistoryPage> history(String token, String conversationId, long afterSeq, int limit) {
                throw new UnsupportedOperationException("the inbox's history goes through its own seam here");
            }
        };
    }

    private static MessageFrame m(long seq) {
        return new StoredMessage("id-" + seq, "g:team", seq, "bob", "c-" + seq, "text", "m" + seq, 0).frame();
    }
}
