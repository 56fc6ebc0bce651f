/** Benchmark programs (main methods, never run by the build): offline sync cost on a seeded store. */
package io.pigeonim.offline.bench;
