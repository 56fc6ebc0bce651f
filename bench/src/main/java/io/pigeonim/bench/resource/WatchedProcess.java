package io.pigeonim.bench.resource;

/** A process whose resources a run accounts for: a service, Kafka, Redis, MySQL, or the bench itself. */
public record WatchedProcess(String name, long pid) {
}
