/**
 * Consumes uplink batches: decode, set poison records aside, store, then push to the members; parks records that fail
 * on their own on the retry topic and consumes it again.
 */
package io.pigeonim.message.uplink;
