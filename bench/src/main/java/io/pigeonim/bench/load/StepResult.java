package io.pigeonim.bench.load;

import java.util.Map;

import io.pigeonim.bench.resource.ResourceUsage;
import io.pigeonim.bench.stats.Percentiles;

/**
 * One open-loop step of a scenario at one rate.
 *
 * @param phase {@code rates} (the fixed rates) or {@code saturation} (the search)
 * @param offered sends meant for the measured window
 * @param deliveredRate messages delivered per second in the window: first arrivals at receivers / receivers per message
 * @param endToEnd intended send time → first arrival of the {@code message} frame at a receiver
 * @param sendAck intended send time → {@code send_ack} at the sender
 * @param push the server's {@code sendTime} → first arrival at a receiver (wall clock, ms precision)
 * @param ackRoundTrip {@code ack} → the {@code ack_ok} that covers it
 * @param errors error frames and closes of the step, by kind ({@code send:CODE}, {@code other:CODE}, {@code close:CODE})
 * @param duplicates {@code message} frames of the step whose msgId the device already had
 * @param frames all {@code message} frames of the step
 * @param maxLateMillis the worst delay of a send past its intended time: the bench's own lag
 * @param pendingAfterDrain deliveries still missing when the drain gave up
 */
public record StepResult(String scenario, String phase, double rate, long offered, double measuredSeconds,
        double deliveredRate, Percentiles endToEnd, Percentiles sendAck, Percentiles push, Percentiles ackRoundTrip,
        Map<String, Long> errors, long duplicates, long frames, double maxLateMillis, long pendingAfterDrain,
        double drainSeconds, ResourceUsage resources) {

    /** Delivered over offered, in the measured window. */
    public double deliveredShare() {
        return offered == 0 ? 0 : deliveredRate * measuredSeconds / offered;
    }

    /** Messages delivered in the window (for CPU per message). */
    public long deliveredMessages() {
        return Math.round(deliveredRate * measuredSeconds);
    }

    /** Whether the step kept p99 end-to-end under {@code p99Millis} and delivered at least 95 % of what it offered. */
    public boolean keptUp(double p99Millis) {
        return !endToEnd.isEmpty() && endToEnd.p99() < p99Millis && deliveredShare() >= 0.95;
    }
}
