package io.pigeonim.connector.ws;

/**
 * Counts a connection's bad frames in a sliding time window: more than {@code limit} within
 * {@code windowMillis} is a flood.
 */
final class BadFrameCounter {

    private final int limit;
    private final long windowMillis;
    /** The last {@code limit + 1} bad frames' times: allocated at the first, most connections never send one. */
    private long[] times;
    private int next;
    private int count;

    BadFrameCounter(int limit, long windowMillis) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: at least 1)");
        }
        this.limit = limit;
        this.windowMillis = windowMillis;
    }

    /** Records a bad frame at {@code nowMillis}; true when it makes a flood. */
    synchronized boolean record(long nowMillis) {
        if (times == null) {
            times = new long[limit + 1];
        }
        times[next] = nowMillis;
        next = (next + 1) % times.length;
        count = Math.min(count + 1, times.length);
        // the ring's oldest entry is the (limit+1)-th most recent bad frame
        return count == times.length && nowMillis - times[next] < windowMillis;
    }
}
