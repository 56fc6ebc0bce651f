package io.pigeonim.connector.uplink;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.connector.session.Connection;

/**
 * The sends of each connection whose membership check is under way (message-service asked), in arrival order, until
 * it is answered: a connection's sends are handled one after the other, whichever thread handles them.
 *
 * @implNote Only connections with a check under way have an entry, so in the common case the map is empty and
 *     {@link #offer} is one read of it. Each entry is changed only inside the map's per-key operations.
 */
final class WaitingSends {

    /** Sends that may wait for one connection's check; the next is refused. */
    static final int MAX = 64;

    /** What became of an offered send. */
    enum Offer { NOT_HELD, WAITING, FULL }

    private final Map<Connection, ArrayDeque<ClientFrame.Send>> held = new ConcurrentHashMap<>();

    /** Keeps {@code send} when a check of {@code c} is under way ({@link Offer#WAITING}), unless {@link #MAX} wait. */
    Offer offer(Connection c, ClientFrame.Send send) {
        if (held.isEmpty()) {
            return Offer.NOT_HELD;
        }
        Offer[] offer = {Offer.NOT_HELD};
        held.computeIfPresent(c, (k, waiting) -> {
            offer[0] = waiting.size() >= MAX ? Offer.FULL : Offer.WAITING;
            if (offer[0] == Offer.WAITING) {
                waiting.add(send);
            }
            return waiting;
        });
        return offer[0];
    }

    /** From now on {@code c}'s sends wait, until {@link #next} answers null. */
    void hold(Connection c) {
        held.putIfAbsent(c, new ArrayDeque<>(1));
    }

    /** The next send of {@code c} that waited; null when none did, and then its sends no longer wait. */
    ClientFrame.Send next(Connection c) {
        ClientFrame.Send[] next = new ClientFrame.Send[1];
        held.computeIfPresent(c, (k, waiting) -> {
            next[0] = waiting.poll();
            return next[0] == null ? null : waiting;
        });
        return next[0];
    }

    /** Forgets {@code c}'s waiting sends (they could not be handled); its sends no longer wait. */
    void drop(Connection c) {
        held.remove(c);
    }
}
