package io.pigeonim.bench.load;

/**
 * When each shot of an open loop is meant to go: shot {@code i} at {@code i / rate} from the start. The rate may
 * change while the loop runs ({@link #rate}, from any thread); the change applies from the shot then due, counted
 * from that shot's intended time, so the shots before it keep theirs. A late shot keeps its intended time too (no
 * coordinated omission). {@link #next} is for the one thread that fires the shots.
 */
public final class Pace {

    private volatile double rate;
    private double at;
    private long baseNanos;
    private long first;
    private long index;

    public Pace(double rate) {
        this.rate = checked(rate);
        this.at = rate;
    }

    /** Nanoseconds from the start to shot {@code i}'s intended time, at a fixed rate. */
    public static long offset(long i, double rate) {
        return (long) (i * 1e9 / rate);
    }

    /** Shots from the one then due on go at {@code rate} a second. */
    public void rate(double rate) {
        this.rate = checked(rate);
    }

    /** Nanoseconds from the start to the next shot's intended time (shots 0, 1, 2, … in turn). */
    public long next() {
        double now = rate;
        if (now != at) {
            baseNanos += offset(index - first, at);
            first = index;
            at = now;
        }
        return baseNanos + offset(index++ - first, at);
    }

    private static double checked(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: > 0)");
        }
        return rate;
    }
}
