/** The checker of every run: each send_acked message reaches each member device once, in seq order; latencies from intended send times. */
package io.pigeonim.bench.check;
