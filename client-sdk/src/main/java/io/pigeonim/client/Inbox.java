package io.pigeonim.client;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.pigeonim.client.store.ClientState;
import io.pigeonim.client.store.ClientStore;
import io.pigeonim.client.transport.ServerApi.HistoryPage;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;

/**
 * Hands messages to the app exactly once and in seq order per conversation. A message whose predecessor is not
 * known to be here waits while the gap is filled through history (PROTOCOL.md §4); seqs may have legal holes,
 * so only the server's history or sync, which lists every message after a seq, can tell a hole from a loss.
 * Loop thread only.
 *
 * @implNote Dedup is by seq against the cursor (exact, one number per conversation) and, as a second guard, by
 *     a bounded window of recent msgIds. Holding back messages above a gap, rather than showing them and
 *     inserting the missing ones later, keeps the app's contract simple (append only) and the ack honest.
 */
final class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class.getName());

    /** Reads a history page; the answer comes back on the loop thread. */
    interface History {
        void after(String conversationId, long afterSeq, Consumer<HistoryPage> page, Consumer<Throwable> failed);
    }

    private static final class Stream {
        long cursor;
        long target;
        final TreeMap<Long, MessageFrame> ahead = new TreeMap<>();
        boolean filling;
        int failures;
    }

    private final ClientOptions options;
    private final Clock clock;
    private final ClientStore store;
    private final History history;
    private final AckBatcher acks;
    private final Consumer<MessageFrame> show;
    private final Retry retry;
    private final Map<String, Stream> streams = new HashMap<>();
    private final LinkedHashSet<String> recent = new LinkedHashSet<>();
    private final List<Runnable> whenFilled = new ArrayList<>();
    private int filling;

    /** Runs a task on the loop thread after a delay. */
    interface Retry {
        void after(Duration delay, Runnable task);
    }

    Inbox(ClientOptions options, Clock clock, ClientStore store, History history, AckBatcher acks,
            Consumer<MessageFrame> show, Retry retry) {
        this.options = options;
        this.clock = clock;
        this.store = store;
        this.history = history;
        this.acks = acks;
        this.show = show;
        this.retry = retry;
    }

    void restore(ClientState state) {
        state.cursors().forEach((conversationId, seq) -> stream(conversationId).cursor = seq);
        state.recentMsgIds().forEach(this::remember);
    }

    long cursor(String conversationId) {
        Stream s = streams.get(conversationId);
        return s == null ? 0 : s.cursor;
    }

    Map<String, Long> cursors() {
        Map<String, Long> cursors = new HashMap<>();
        streams.forEach((c, s) -> cursors.put(c, s.cursor));
        return cursors;
    }

    /**
     * A message from a push ({@code predecessorHere} false) or from sync, where the previous message of the same
     * conversation in the same run is its predecessor and so, once that one is here, nothing lies between.
     */
    void receive(MessageFrame m, boolean predecessorHere) {
        Stream s = stream(m.conversationId());
        if (m.seq() <= s.cursor || s.ahead.containsKey(m.seq()) || recent.contains(m.msgId())) {
            acks.moved(m.conversationId(), clock.millis());
            return;
        }
        if (m.seq() == s.cursor + 1 || predecessorHere) {
            show(s, m);
            drain(s);
            return;
        }
        s.ahead.put(m.seq(), m);
        fill(m.conversationId(), s);
    }

    /** The server has messages up to {@code maxSeq} (from /sync/summary): pull whatever of them is missing. */
    void catchUp(String conversationId, long maxSeq) {
        Stream s = stream(conversationId);
        if (maxSeq > s.cursor) {
            s.target = Math.max(s.target, maxSeq);
            fill(conversationId, s);
        }
    }

    String describe() {
        StringBuilder b = new StringBuilder(filling + " filling, " + whenFilled.size() + " waiting for fills:");
        streams.forEach((c, s) -> {
            if (s.filling || !s.ahead.isEmpty()) {
                b.append(' ').append(c).append(" cursor ").append(s.cursor).append(" ahead ")
                        .append(s.ahead.keySet()).append(s.filling ? " filling" : "");
            }
        });
        return b.toString();
    }

    /** Runs {@code task} once no gap is being filled (at once if none is). */
    void whenFilled(Runnable task) {
        if (filling == 0) {
            task.run();
        } else {
            whenFilled.add(task);
        }
    }

    private void fill(String conversationId, Stream s) {
        if (s.filling) {
            return;
        }
        s.filling = true;
        filling++;
        fetch(conversationId, s);
    }

    private void fetch(String conversationId, Stream s) {
        long after = s.cursor;
        history.after(conversationId, after, page -> filled(conversationId, s, page), failure -> {
            s.failures++;
            Duration delay = Duration.ofMillis(Math.min(10_000, 250L << Math.min(s.failures, 6)));
            if (s.failures % 10 == 0) {
                LOG.log(Level.WARNING, "history of {0} failing ({1} times): {2}",
                        new Object[] {conversationId, s.failures, failure.toString()});
            }
            retry.after(delay, () -> fetch(conversationId, s));
        });
    }

    /** History lists every message after the seq asked for, so each of them past the cursor is next in line. */
    private void filled(String conversationId, Stream s, HistoryPage page) {
        s.failures = 0;
        for (MessageFrame m : page.messages()) {
            if (m.seq() > s.cursor) {
                show(s, m);
            }
        }
        drain(s);
        if (page.hasMore()) {
            fetch(conversationId, s);
            return;
        }
        if (s.target <= s.cursor || page.messages().isEmpty()) {
            s.target = 0;
        }
        boolean gap = !s.ahead.isEmpty() && s.ahead.firstKey() > s.cursor + 1;
        if (gap || s.target > s.cursor) {
            // a message pushed after the request was read is not in the page: ask again (it is readable now)
            if (page.messages().isEmpty()) {
                retry.after(Duration.ofMillis(200), () -> fetch(conversationId, s));
            } else {
                fetch(conversationId, s);
            }
            return;
        }
        s.filling = false;
        if (--filling == 0) {
            List<Runnable> tasks = new ArrayList<>(whenFilled);
            whenFilled.clear();
            tasks.forEach(Runnable::run);
        }
    }

    private void drain(Stream s) {
        while (!s.ahead.isEmpty()) {
            long first = s.ahead.firstKey();
            if (first <= s.cursor) {
                s.ahead.pollFirstEntry();
            } else if (first == s.cursor + 1) {
                show(s, s.ahead.pollFirstEntry().getValue());
            } else {
                return;
            }
        }
    }

    private void show(Stream s, MessageFrame m) {
        try {
            show.accept(m);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the app's onMessage threw on " + m.msgId() + "; the message counts as shown", e);
        }
        s.cursor = m.seq();
        remember(m.msgId());
        store.messageShown(m.conversationId(), m.seq(), m.msgId());
        acks.moved(m.conversationId(), clock.millis());
    }

    private void remember(String msgId) {
        recent.add(msgId);
        if (recent.size() > options.dedupWindow()) {
            recent.remove(recent.iterator().next());
        }
    }

    private Stream stream(String conversationId) {
        return streams.computeIfAbsent(conversationId, c -> new Stream());
    }
}
