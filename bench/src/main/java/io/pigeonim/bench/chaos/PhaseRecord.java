package io.pigeonim.bench.chaos;

/**
 * What the run did in one phase: the warm-up (index 0, no fault) or one fault of one round. {@code killedAt} is the
 * epoch millisecond of the SIGKILL (-1: none), {@code restartSeconds} how long {@code ./pigeon start} took until the
 * process was ready; {@code loadBefore} / {@code loadAfter} the machine's load average around it; {@code skipped} says
 * why a fault did not run, {@code note} what went wrong on the way (the process did not come back, or only on a
 * later start attempt).
 */
record PhaseRecord(int index, int round, Fault fault, long phaseStart, long killedAt, double restartSeconds,
        String loadBefore, String loadAfter, String skipped, String note) {

    static PhaseRecord skipped(int index, int round, Fault fault, long at, String why) {
        return new PhaseRecord(index, round, fault, at, -1, 0, null, null, why, null);
    }

    String name() {
        return fault == null ? "warm-up (no fault)" : fault.name();
    }
}
