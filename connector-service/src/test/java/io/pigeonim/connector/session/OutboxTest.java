package io.pigeonim.connector.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

class OutboxTest {

    /** A transport whose sends complete only when the test says so. */
    private static final class ManualTransport implements Outbox.Transport {
        final List<String> started = new ArrayList<>();
        final List<Consumer<Throwable>> pending = new ArrayList<>();

        @Override
        public void send(String text, Consumer<Throwable> done) {
            started.add(text);
            pending.add(done);
        }

        void completeNext(Throwable failure) {
            pending.remove(0).accept(failure);
        }
    }

    @Test
    void framesGoOutOneAtATimeInOfferOrderAndOfferNeverWaits() {
        ManualTransport transport = new ManualTransport();
        Outbox outbox = new Outbox(transport, 100, () -> { });

        assertThat(outbox.offer("a")).isTrue();
        assertThat(outbox.offer("b")).isTrue();
        assertThat(outbox.offer("c")).isTrue();
        assertThat(transport.started).containsExactly("a");

        transport.completeNext(null);
        assertThat(transport.started).containsExactly("a", "b");
        transport.completeNext(null);
        transport.completeNext(null);
        assertThat(transport.started).containsExactly("a", "b", "c");
        assertThat(outbox.queuedChars()).isZero();

        outbox.offer("d");
        assertThat(transport.started).containsExactly("a", "b", "c", "d");
    }

    @Test
    void pastTheBoundOffersAreRefusedUntilWritesComplete() {
        ManualTransport transport = new ManualTransport();
        Outbox outbox = new Outbox(transport, 10, () -> { });

        assertThat(outbox.offer("12345")).isTrue();
        assertThat(outbox.offer("12345")).isTrue();
        assertThat(outbox.offer("1")).isFalse();
        assertThat(outbox.queuedChars()).isEqualTo(10);

        transport.completeNext(null);
        assertThat(outbox.offer("1")).isTrue();
    }

    @Test
    void aFailedWriteDropsTheQueueReportsOnceAndRefusesFromThenOn() {
        ManualTransport transport = new ManualTransport();
        AtomicInteger failures = new AtomicInteger();
        Outbox outbox = new Outbox(transport, 100, failures::incrementAndGet);
        outbox.offer("a");
        outbox.offer("b");

        transport.completeNext(new java.io.IOException("broken pipe"));

        assertThat(failures).hasValue(1);
        assertThat(transport.started).containsExactly("a");
        assertThat(outbox.queuedChars()).isZero();
        assertThat(outbox.offer("c")).isFalse();
    }

    @Test
    void anActionRunsOnlyOnceEverythingOfferedBeforeItIsWritten() {
        ManualTransport transport = new ManualTransport();
        Outbox outbox = new Outbox(transport, 100, () -> { });
        List<String> events = new ArrayList<>();
        outbox.offer("error");
        outbox.offer("more");
        outbox.offerAfterQueued(() -> events.add("close after " + transport.started));

        assertThat(events).isEmpty();
        transport.completeNext(null);
        assertThat(events).isEmpty();
        transport.completeNext(null);
        assertThat(events).containsExactly("close after [error, more]");

        Outbox idle = new Outbox(transport, 100, () -> { });
        idle.offerAfterQueued(() -> events.add("at once"));
        assertThat(events).endsWith("at once");
    }

    @Test
    void sendsThatCompleteInsideSendAreLoopedNotRecursed() {
        List<String> sent = new ArrayList<>();
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger maxDepth = new AtomicInteger();
        Outbox[] box = new Outbox[1];
        box[0] = new Outbox((text, done) -> {
            maxDepth.accumulateAndGet(depth.incrementAndGet(), Math::max);
            sent.add(text);
            if (sent.size() == 1) {
                // more frames offered while the first is being written, as another thread would
                for (int i = 0; i < 10_000; i++) {
                    box[0].offer("x" + i);
                }
            }
            done.accept(null);
            depth.decrementAndGet();
        }, 1_000_000, () -> { });

        box[0].offer("first");

        assertThat(sent).hasSize(10_001).startsWith("first", "x0", "x1");
        assertThat(maxDepth).hasValue(1);
    }
}
