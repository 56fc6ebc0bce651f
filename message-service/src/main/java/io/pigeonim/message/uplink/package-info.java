/** Consumes uplink batches: decode, set poison records aside, store, then push to the members. */
package io.pigeonim.message.uplink;
