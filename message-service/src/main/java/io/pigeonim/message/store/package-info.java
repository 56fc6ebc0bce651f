/** Stores a batch of messages once each: dedup by (sender, clientMsgId), seqs in arrival order, one transaction. */
package io.pigeonim.message.store;
