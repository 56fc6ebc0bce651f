package io.pigeonim.connector.uplink;

import java.util.concurrent.CompletableFuture;

import io.pigeonim.common.kafka.UplinkMessage;

/** Publishes accepted sends to the uplink topic. */
public interface UplinkPublisher {

    /** Whether a publish has a chance now: false after a recent failure with no success since. */
    boolean available();

    /**
     * Publishes {@code message}; the future completes once the broker acknowledged it (acks=all) or
     * failed for good.
     *
     * @throws UplinkUnavailableException when the publish was not even started (nothing was sent)
     */
    CompletableFuture<Void> publish(UplinkMessage message);

    /** Sends whatever is buffered and waits for it (shutdown). */
    void flush();
}
