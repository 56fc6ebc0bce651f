package io.pigeonim.bench.client;

/** The gateway does not answer as a running system started with {@code ./pigeon up} would. */
public final class GatewayNotReadyException extends RuntimeException {

    GatewayNotReadyException(String message) {
        super(message);
    }
}
