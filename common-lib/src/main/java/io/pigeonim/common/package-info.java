/** Pigeon's wire contract (PROTOCOL.md) and the events between services: plain Java, no Spring beans. */
package io.pigeonim.common;
