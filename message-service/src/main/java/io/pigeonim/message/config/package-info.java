/** Wiring: configuration properties, the Kafka listener container, HTTP clients and the clock. */
package io.pigeonim.message.config;
