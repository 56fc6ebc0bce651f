package io.pigeonim.bench.check;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code error} frames and abnormal closes counted by kind: {@code send:CODE} for a refused send (the frame names
 * a clientId), {@code other:CODE} for the rest (acks), {@code close:CODE} for connections the server closed.
 */
public final class ErrorTally {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void count(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** A sorted copy of the counts so far. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** {@code after} minus {@code before}, keeping only kinds that changed. */
    public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                delta.put(k, d);
            }
        });
        return delta;
    }
}
