package io.pigeonim.bench.chaos;

import java.util.List;

/**
 * The checker's verdict on the sends of one fault's phase. {@code lost}: confirmed sends some member device never
 * showed ({@code missingDeliveries} device-message pairs); {@code twice} and {@code outOfOrder}: showings after the
 * SDK's dedup and ordering; {@code stallMs}: kill to the first showing of a message sent after it, on a device that
 * stayed connected ({@code stayedConnected}) or, when none did, on any; {@code allBackMs}: kill until every device
 * had shown one (null when some never did). Stalls are null when nothing sent after the kill was shown.
 */
public record PhaseCheck(int sent, int stored, int failed, int unanswered, int lost, int missingDeliveries, int twice,
        int outOfOrder, Long stallMs, boolean stayedConnected, Long allBackMs, int devicesReconnected,
        List<String> examples) {

    /** Stalls from this long on miss the target of issue 13. */
    static final long STALL_TARGET_MS = 10_000;

    /** Nothing lost, shown twice or out of order. */
    public boolean intact() {
        return lost == 0 && twice == 0 && outOfOrder == 0;
    }

    /** Intact, and delivery resumed within the target. */
    boolean passed() {
        return intact() && stallMs != null && stallMs < STALL_TARGET_MS;
    }
}
