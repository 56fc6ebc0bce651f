package io.pigeonim.common.id;

import java.util.regex.Pattern;

/**
 * The syntax of every identifier in PROTOCOL.md, checked in one place.
 *
 * @implNote The checks run on every hop of every message (a conversation id is parsed several times per message),
 *     so they test each character against a table instead of running the regular expression, which a profile of
 *     message-service showed as its top cost. The patterns stay the documented rule; {@code IdsTest} checks that
 *     both agree.
 */
public final class Ids {

    public static final Pattern UID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    public static final Pattern DEVICE_ID = UID;
    public static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    public static final Pattern CONTENT_TYPE = Pattern.compile("[a-z0-9/._-]{1,32}");

    private static final Alphabet UID_CHARS = new Alphabet("A-Za-z0-9_.-", 64);
    private static final Alphabet GROUP_ID_CHARS = new Alphabet("A-Za-z0-9_-", 64);
    private static final Alphabet CLIENT_MSG_ID_CHARS = new Alphabet("A-Za-z0-9_.:-", 64);
    private static final Alphabet CONTENT_TYPE_CHARS = new Alphabet("a-z0-9/._-", 32);

    /** Seqs and other client-visible integers stay below 2^53 so JavaScript holds them exactly. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private Ids() {
    }

    public static boolean isUid(String value) {
        return UID_CHARS.matches(value);
    }

    public static boolean isDeviceId(String value) {
        return UID_CHARS.matches(value);
    }

    public static boolean isGroupId(String value) {
        return GROUP_ID_CHARS.matches(value);
    }

    public static boolean isClientMsgId(String value) {
        return CLIENT_MSG_ID_CHARS.matches(value);
    }

    public static boolean isContentType(String value) {
        return CONTENT_TYPE_CHARS.matches(value);
    }

    /** Returns {@code uid} or throws {@link IllegalArgumentException} naming the value and the rule. */
    public static String requireUid(String uid, String field) {
        if (!isUid(uid)) {
            throw new IllegalArgumentException(field + ": " + quote(uid) + " (expected: " + UID.pattern() + ")");
        }
        return uid;
    }

    /** Returns {@code deviceId} or throws {@link IllegalArgumentException} naming the value and the rule. */
    public static String requireDeviceId(String deviceId, String field) {
        if (!isDeviceId(deviceId)) {
            throw new IllegalArgumentException(field + ": " + quote(deviceId) + " (expected: " + DEVICE_ID.pattern() + ")");
        }
        return deviceId;
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return '"' + shown + '"';
    }

    /** ASCII characters allowed in an identifier ({@code a-z}-style ranges and single characters), and its length. */
    private static final class Alphabet {

        private final boolean[] allowed = new boolean[128];
        private final int maxLength;

        Alphabet(String ranges, int maxLength) {
            this.maxLength = maxLength;
            for (int i = 0; i < ranges.length(); i++) {
                char from = ranges.charAt(i);
                if (i + 2 < ranges.length() && ranges.charAt(i + 1) == '-') {
                    for (char c = from; c <= ranges.charAt(i + 2); c++) {
                        allowed[c] = true;
                    }
                    i += 2;
                } else {
                    allowed[from] = true;
                }
            }
        }

        boolean matches(String value) {
            if (value == null || value.isEmpty() || value.length() > maxLength) {
                return false;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c >= 128 || !allowed[c]) {
                    return false;
                }
            }
            return true;
        }
    }
}
