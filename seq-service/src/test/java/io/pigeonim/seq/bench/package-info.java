/** A benchmark program (not a test): seq-service allocations/s next to raw Redis INCR on the same machine. */
package io.pigeonim.seq.bench;
