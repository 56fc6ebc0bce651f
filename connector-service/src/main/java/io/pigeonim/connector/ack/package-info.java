/** A device's {@code ack} frames, recorded by message-service and answered with {@code ack_ok} in order. */
package io.pigeonim.connector.ack;
