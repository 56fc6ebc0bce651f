/** Benchmarks run as programs (main), not as tests: groups fan-out, cursor writes, member cache memory. */
package io.pigeonim.message.bench;
