/** The fast path: per-conversation counters in Redis, handed out by Lua scripts below a durable ceiling. */
package io.pigeonim.seq.counter;
