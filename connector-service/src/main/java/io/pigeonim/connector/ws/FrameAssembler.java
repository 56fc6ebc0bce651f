package io.pigeonim.connector.ws;

/**
 * Joins the parts in which the container hands over a client frame, and enforces the frame size limit
 * (PROTOCOL.md §3: 64 KiB of UTF-8) while they arrive.
 *
 * <p>The container delivers a frame in parts no bigger than its message buffer, so that buffer can stay
 * small (it is allocated for every connection, idle or not) while a whole frame may still reach the limit.
 * A frame that fits one part, as nearly all do, is passed through without a copy.
 */
final class FrameAssembler {

    /** A frame over the limit; the parts received so far are dropped. */
    static final class TooBigException extends Exception {
        TooBigException(int bytes, int limit) {
            super("frame over " + limit + " bytes (" + bytes + " so far)", null, false, false);
        }
    }

    private final int maxBytes;
    private StringBuilder textParts;
    private int textBytes;
    private int binaryBytes;

    FrameAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The whole text frame once {@code last} part came; null while parts are missing. */
    synchronized String text(String part, boolean last) throws TooBigException {
        int bytes = textBytes + utf8Length(part);
        if (bytes > maxBytes) {
            textParts = null;
            textBytes = 0;
            throw new TooBigException(bytes, maxBytes);
        }
        if (textParts == null && last) {
            return part;
        }
        if (textParts == null) {
            textParts = new StringBuilder(part.length() * 2);
        }
        textParts.append(part);
        if (!last) {
            textBytes = bytes;
            return null;
        }
        String whole = textParts.toString();
        textParts = null;
        textBytes = 0;
        return whole;
    }

    /** Whether a binary frame is complete with this part of {@code length} bytes. */
    synchronized boolean binary(int length, boolean last) throws TooBigException {
        binaryBytes += length;
        if (binaryBytes > maxBytes) {
            int bytes = binaryBytes;
            binaryBytes = 0;
            throw new TooBigException(bytes, maxBytes);
        }
        if (last) {
            binaryBytes = 0;
        }
        return last;
    }

    /** Bytes of {@code s} in UTF-8. */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                bytes++;
            } else if (ch < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
