package io.pigeonim.common.frame;

/** WebSocket close codes Pigeon uses (PROTOCOL.md §3). */
public enum CloseCode {
    /** Normal closure; reason {@code idle} after 90 s of silence. */
    NORMAL(1000),
    /** A flood of bad frames. */
    POLICY_VIOLATION(1008),
    /** A frame over 64 KiB. */
    TOO_BIG(1009),
    /** An unexpected server failure. */
    INTERNAL_ERROR(1011),
    /** The server instance shuts down; reconnect with backoff and sync. */
    SERVICE_RESTART(1012),
    /** A dependency failed after a send was accepted: reconnect, resend what has no send_ack. */
    TRY_AGAIN_LATER(1013);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
