package io.pigeonim.common.id;

import java.util.regex.Pattern;

/** The syntax of every identifier in PROTOCOL.md, checked in one place. */
public final class Ids {

    public static final Pattern UID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    public static final Pattern DEVICE_ID = UID;
    public static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    public static final Pattern CONTENT_TYPE = Pattern.compile("[a-z0-9/._-]{1,32}");

    /** Seqs and other client-visible integers stay below 2^53 so JavaScript holds them exactly. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private Ids() {
    }

    public static boolean isUid(String value) {
        return value != null && UID.matcher(value).matches();
    }

    public static boolean isDeviceId(String value) {
        return value != null && DEVICE_ID.matcher(value).matches();
    }

    public static boolean isGroupId(String value) {
        return value != null && GROUP_ID.matcher(value).matches();
    }

    public static boolean isClientMsgId(String value) {
        return value != null && CLIENT_MSG_ID.matcher(value).matches();
    }

    public static boolean isContentType(String value) {
        return value != null && CONTENT_TYPE.matcher(value).matches();
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
}
