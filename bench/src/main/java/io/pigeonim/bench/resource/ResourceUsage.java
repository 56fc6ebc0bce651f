package io.pigeonim.bench.resource;

import java.util.List;

/** Resources of one measured window: each stack process, their total, and the bench process apart. */
public record ResourceUsage(double seconds, List<ProcessUsage> stack, ProcessUsage total, ProcessUsage bench) {
}
