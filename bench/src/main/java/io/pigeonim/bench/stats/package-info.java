/** Latency histograms (HdrHistogram), their percentiles, and deliveries counted over time. */
package io.pigeonim.bench.stats;
