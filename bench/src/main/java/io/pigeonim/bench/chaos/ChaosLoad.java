package io.pigeonim.bench.chaos;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.pigeonim.bench.load.Pace;
import io.pigeonim.client.OutgoingMessage;

/**
 * Steady traffic over the run's conversations: message {@code i} is due at {@code start + i / rate} ({@link Pace}: a
 * change of rate applies from the message then due), goes to conversation {@code i mod n} and is sent by its members
 * in turn, so one-to-one and group conversations carry the same rate each. A send is handed to the SDK, which queues it while the path is down; the load never waits.
 */
final class ChaosLoad implements Runnable {

    /** A conversation and its members' devices (the senders, in turn). */
    record Conversation(String id, List<ChaosDevice> members) {
    }

    private final List<Conversation> conversations;
    private final Pace pace;
    private final int contentBytes;
    private final ChaosChecker checker;
    private final Clock clock;
    private volatile int phase;
    private volatile boolean running = true;
    private volatile long sent;

    ChaosLoad(List<Conversation> conversations, double rate, int contentBytes, ChaosChecker checker, Clock clock) {
        this.conversations = List.copyOf(conversations);
        this.pace = new Pace(rate);
        this.contentBytes = contentBytes;
        this.checker = checker;
        this.clock = clock;
    }

    /** Sends from now on belong to {@code phase}. */
    void phase(int phase) {
        this.phase = phase;
    }

    /** Sends from the one then due on at {@code rate} a second. */
    void rate(double rate) {
        pace.rate(rate);
    }

    void stop() {
        running = false;
    }

    long sent() {
        return sent;
    }

    int conversations() {
        return conversations.size();
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        String padding = "x".repeat(Math.max(0, contentBytes - 24));
        for (long i = 0; running; i++) {
            long due = start + pace.next();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Conversation c = conversations.get((int) (i % conversations.size()));
            ChaosDevice sender = c.members().get((int) ((i / conversations.size()) % c.members().size()));
            OutgoingMessage m = OutgoingMessage.text(c.id(), "chaos #" + i + " " + padding);
            checker.submitted(m.clientMsgId(), c.id(), phase, clock.millis());
            sender.send(m);
            sent = i + 1;
        }
    }
}
