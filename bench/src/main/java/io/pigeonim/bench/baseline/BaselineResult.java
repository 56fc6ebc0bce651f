package io.pigeonim.bench.baseline;

import io.pigeonim.bench.stats.Percentiles;

/** One baseline at one rate: latency from intended start to completion, and what completed or failed. */
public record BaselineResult(String name, String operation, double rate, long shots, long completed, long failed,
        String firstFailure, Percentiles latency) {
}
