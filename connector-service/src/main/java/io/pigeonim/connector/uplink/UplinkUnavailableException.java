package io.pigeonim.connector.uplink;

/** The uplink could not take a message at all; nothing was published. */
public final class UplinkUnavailableException extends RuntimeException {

    public UplinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
