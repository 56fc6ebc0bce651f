/** Baselines measured in the same run, at the same open-loop rates: raw Kafka, MySQL, Redis and a bare WebSocket echo. */
package io.pigeonim.bench.baseline;
