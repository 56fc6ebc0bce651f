package io.pigeonim.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Decides the rates of the saturation search from the steps so far: up by {@code factor} while every step kept up
 * (p99 end-to-end under target and 95 % delivered), down by it while none did (to {@value #MIN_RATE} msg/s at the
 * least), then at most {@value #BISECTIONS} geometric bisections between the highest rate that kept up and the lowest
 * that did not. The answer is the highest rate that kept up below the lowest that did not.
 */
public final class SaturationSearch {

    /** One step's rate and whether it kept up. */
    public record Probe(double rate, boolean keptUp) {
    }

    static final int BISECTIONS = 2;
    static final double MIN_RATE = 1;
    private static final double CLOSE_ENOUGH = 1.2;

    private final double factor;
    private final double maxRate;
    private final List<Probe> probes = new ArrayList<>();
    private int bisections;
    private String stopReason = "";

    public SaturationSearch(double factor, double maxRate) {
        this.factor = factor;
        this.maxRate = maxRate;
    }

    public void add(Probe probe) {
        probes.add(probe);
    }

    /** The next rate to try, or empty when the search is over ({@link #stopReason()} says why). */
    public OptionalDouble next() {
        OptionalDouble fail = lowestFailure();
        OptionalDouble pass = highestKeptUp();
        if (probes.isEmpty()) {
            return stop("no step ran");
        }
        if (pass.isEmpty()) {
            double next = fail.getAsDouble() / factor;
            return next < MIN_RATE ? stop("no rate kept up, not even " + rate(fail.getAsDouble()))
                    : OptionalDouble.of(next);
        }
        if (fail.isEmpty()) {
            double next = pass.getAsDouble() * factor;
            return next > maxRate ? stop("the next rate " + rate(next) + " is over --saturate-max " + rate(maxRate))
                    : OptionalDouble.of(next);
        }
        if (fail.getAsDouble() / pass.getAsDouble() <= CLOSE_ENOUGH || bisections >= BISECTIONS) {
            return stop(rate(fail.getAsDouble()) + " did not keep up");
        }
        bisections++;
        return OptionalDouble.of(Math.sqrt(pass.getAsDouble() * fail.getAsDouble()));
    }

    /** The highest rate that kept up below the lowest that did not (the highest of all when none failed). */
    public OptionalDouble highestKeptUp() {
        double fail = lowestFailure().orElse(Double.POSITIVE_INFINITY);
        return probes.stream().filter(p -> p.keptUp() && p.rate() < fail).mapToDouble(Probe::rate).max();
    }

    public String stopReason() {
        return stopReason;
    }

    private OptionalDouble lowestFailure() {
        return probes.stream().filter(p -> !p.keptUp()).mapToDouble(Probe::rate).min();
    }

    private OptionalDouble stop(String why) {
        stopReason = why;
        return OptionalDouble.empty();
    }

    private static String rate(double r) {
        return String.format(Locale.ROOT, "%.0f msg/s", r);
    }
}
