/** seq-service: strictly increasing per-conversation sequence numbers that survive the loss of Redis. */
package io.pigeonim.seq;
