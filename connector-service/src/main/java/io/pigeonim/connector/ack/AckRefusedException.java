package io.pigeonim.connector.ack;

import io.pigeonim.common.frame.ErrorCode;

/** message-service refused or could not record an ack; {@link #code} is what the device is told. */
public final class AckRefusedException extends RuntimeException {

    private final ErrorCode code;

    public AckRefusedException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
