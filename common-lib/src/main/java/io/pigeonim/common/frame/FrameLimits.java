package io.pigeonim.common.frame;

/** Size limits of PROTOCOL.md §3. */
public final class FrameLimits {

    /** A frame is at most 64 KiB. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** {@code content} is at most 16 KiB of UTF-8. */
    public static final int MAX_CONTENT_BYTES = 16 * 1024;
    /** Entries in one {@code ack} frame; 64 KiB of frame holds far fewer anyway. */
    public static final int MAX_ACK_ENTRIES = 1000;

    private FrameLimits() {
    }
}
