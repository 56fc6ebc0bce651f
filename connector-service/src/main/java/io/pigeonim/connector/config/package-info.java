/** Wiring: configuration properties, beans, WebSocket and Kafka setup, schedules, lifecycle, REST errors. */
package io.pigeonim.connector.config;
