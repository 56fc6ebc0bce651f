package io.pigeonim.connector.downlink;

import java.time.Clock;

import io.micrometer.core.instrument.Counter;
import io.pigeonim.connector.session.Connection;

/**
 * Sends unacknowledged {@code message} frames again on their connection, per {@link RetransmitSchedule},
 * with one {@link TimingWheel} for every connection and normally one timer per connection (never one
 * per message): when it fires, the connection's window is scanned for what is due.
 */
public final class Retransmitter {

    private final TimingWheel wheel;
    private final RetransmitSchedule schedule;
    private final Clock clock;
    private final Counter retransmits;
    private final Counter abandoned;

    /**
     * @param retransmits counts every frame sent again
     * @param abandoned counts the frames no longer tracked after their last retransmission (left to sync)
     */
    public Retransmitter(TimingWheel wheel, RetransmitSchedule schedule, Clock clock, Counter retransmits,
            Counter abandoned) {
        this.wheel = wheel;
        this.schedule = schedule;
        this.clock = clock;
        this.retransmits = retransmits;
        this.abandoned = abandoned;
    }

    /** When a frame pushed now into {@code window} is first due again. */
    long firstDueAtMillis(DeliveryWindow window) {
        return clock.millis() + schedule.delayMillis(0, window.ackTimeoutMillis());
    }

    /** Makes sure the timer of {@code c}'s {@code window} fires by {@code dueAtMillis}. */
    void arm(Connection c, DeliveryWindow window, long dueAtMillis) {
        if (window.armTimer(dueAtMillis)) {
            wheel.schedule(() -> fire(c, window), Math.max(1, dueAtMillis - clock.millis()));
        }
    }

    void fire(Connection c, DeliveryWindow window) {
        window.timerFired();
        if (!c.isOpen()) {
            window.clear();
            return;
        }
        long now = clock.millis();
        long ackTimeout = window.ackTimeoutMillis();
        c.inOrder(() -> {
            for (InFlight f : window.due(now)) {
                if (!c.write(f.frame())) {
                    return;
                }
                retransmits.increment();
                int made = f.retransmits() + 1;
                if (made >= schedule.limit()) {
                    // the bound is reached: the device will find the message through sync
                    window.forget(f);
                    abandoned.increment();
                } else {
                    window.retransmitted(f, now + schedule.delayMillis(made, ackTimeout));
                }
            }
        });
        long next = window.nextDueAtMillis();
        if (next >= 0 && c.isOpen()) {
            arm(c, window, next);
        }
    }
}
