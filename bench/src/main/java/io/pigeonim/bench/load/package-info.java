/** The load: devices that behave as PROTOCOL.md §3 asks, the scenarios that connect them, the open loop that drives them. */
package io.pigeonim.bench.load;
