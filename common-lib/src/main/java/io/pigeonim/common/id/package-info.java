/** Identifiers of PROTOCOL.md: uids, device ids, conversation ids, message ids, and their rules. */
package io.pigeonim.common.id;
