package io.pigeonim.connector.session;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A connection's outbound text frames: written one at a time in the order they were offered, without ever
 * blocking the thread that offers them, within a byte bound.
 *
 * <p>Pushes, answers and retransmissions are written from request and pool threads that serve many
 * connections; a client that stops reading must cost only its own queue, never a thread. So the frame on
 * the wire is handed to an asynchronous {@link Transport} and the next one goes out from its completion.
 * Past {@code maxChars} queued (in flight included) {@link #offer} refuses, and the connection closes itself as
 * a slow consumer; a write that fails (the transport's send timeout included) drops the queue and calls
 * {@code onFailure} once.
 */
public final class Outbox {

    /** Writes one text frame asynchronously and calls {@code done} once, with the failure or null. */
    public interface Transport {
        void send(String text, Consumer<Throwable> done);
    }

    private final Transport transport;
    private final long maxChars;
    private final Runnable onFailure;
    /** Frames (String) and actions to run once everything before them is written (Runnable). */
    // 2 slots that grow with use (the default 17 would sit in every idle connection)
    private final ArrayDeque<Object> queue = new ArrayDeque<>(1);
    private long queuedChars;
    private String inFlight;
    private boolean pumping;
    private boolean inSend;
    private boolean completedInSend;
    private boolean failed;

    public Outbox(Transport transport, long maxChars, Runnable onFailure) {
        this.transport = transport;
        this.maxChars = maxChars;
        this.onFailure = onFailure;
    }

    /** Queues {@code text}; false when the bound would be passed or an earlier write failed. */
    public boolean offer(String text) {
        synchronized (this) {
            if (failed || queuedChars + text.length() > maxChars) {
                return false;
            }
            queue.add(text);
            queuedChars += text.length();
            if (pumping) {
                return true;
            }
            pumping = true;
        }
        pump();
        return true;
    }

    /**
     * Runs {@code action} once every frame offered before it is written (a close that must not overtake the
     * frames it follows); false, and nothing queued, when an earlier write failed.
     */
    public boolean offerAfterQueued(Runnable action) {
        synchronized (this) {
            if (failed) {
                return false;
            }
            queue.add(action);
            if (pumping) {
                return true;
            }
            pumping = true;
        }
        pump();
        return true;
    }

    /** Characters queued or in flight. */
    public synchronized long queuedChars() {
        return queuedChars;
    }

    /**
     * Sends queued frames one after another until the queue is empty or a send completes later (then its
     * completion carries on). A completion that comes back inside {@code send} is looped over here rather
     * than recursed into, so a fast socket never deepens the stack.
     */
    private void pump() {
        while (true) {
            Object next;
            synchronized (this) {
                next = queue.poll();
                if (next == null || failed) {
                    pumping = false;
                    return;
                }
                if (next instanceof String text) {
                    inFlight = text;
                    inSend = true;
                    completedInSend = false;
                }
            }
            if (next instanceof Runnable action) {
                action.run();
                continue;
            }
            transport.send((String) next, this::completed);
            synchronized (this) {
                inSend = false;
                if (!completedInSend) {
                    return;
                }
            }
        }
    }

    private void completed(Throwable failure) {
        synchronized (this) {
            queuedChars -= inFlight.length();
            inFlight = null;
            if (failure == null && inSend) {
                completedInSend = true;
                return;
            }
            if (failure != null) {
                failed = true;
                queue.clear();
                queuedChars = 0;
                pumping = false;
            }
        }
        if (failure != null) {
            onFailure.run();
        } else {
            pump();
        }
    }
}
