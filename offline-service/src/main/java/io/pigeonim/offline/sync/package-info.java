/** Offline sync: the per-device summary, the paged pull across all conversations and its signed page tokens. */
package io.pigeonim.offline.sync;
