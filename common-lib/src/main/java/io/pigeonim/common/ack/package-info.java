/** connector-service and offline-service → message-service: {@code POST /internal/v1/acks}. */
package io.pigeonim.common.ack;
