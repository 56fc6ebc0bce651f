package io.pigeonim.bench.check;

import java.util.List;

/**
 * What the checker found over a whole run.
 *
 * @param expectedDeliveries send_acked messages times their conversation's member devices
 * @param lost expected deliveries that never arrived (after the drain)
 * @param duplicates {@code message} frames whose msgId the device already had
 * @param firstArrivals {@code message} frames with a msgId new to the device
 * @param reordered first arrivals whose seq was not above the device's last one in that conversation
 * @param storedTwice a clientMsgId reaching one device under two msgIds: a second copy that dedup cannot catch
 * @param unknown first arrivals of messages this run did not send, or that were refused
 * @param unanswered sends with neither a send_ack nor an error
 */
public record CheckResult(long sent, long acked, long refused, long unanswered, long expectedDeliveries,
        long lost, long duplicates, long firstArrivals, long reordered, long storedTwice, long unknown,
        List<String> examples) {

    /** A run passes when nothing acknowledged is lost, reordered or stored twice, whatever its speed. */
    public boolean passed() {
        return lost == 0 && reordered == 0 && storedTwice == 0;
    }

    /** Duplicate frames as a share of all message frames received. */
    public double duplicateShare() {
        long frames = duplicates + firstArrivals;
        return frames == 0 ? 0 : (double) duplicates / frames;
    }
}
