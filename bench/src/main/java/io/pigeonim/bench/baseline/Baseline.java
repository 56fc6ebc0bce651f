package io.pigeonim.bench.baseline;

/** One raw operation the system builds on, run at an open-loop rate next to the end-to-end figures. */
public interface Baseline extends AutoCloseable {

    /** A short name for tables: {@code kafka}, {@code mysql}, … */
    String name();

    /** What one operation is, for the report. */
    String operation();

    /** Starts operation {@code index}; calls {@code done} from any thread when it completes. Must not block long. */
    void fire(long index, Done done);

    /** Removes what it created (topic, database, keys). */
    @Override
    void close();
}
