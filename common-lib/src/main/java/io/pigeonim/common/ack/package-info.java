/** connector-service and offline-service → message-service: {@code POST /internal/v1/acks} and {@code /internal/v1/acks/batch}. */
package io.pigeonim.common.ack;
