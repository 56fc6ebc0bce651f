package io.pigeonim.common.trust;

import java.util.Locale;

/**
 * Which request paths are plain enough to route and authorize on: no dot segments, no encoded dots, slashes or
 * backslashes, no path parameters ({@code ;}), no empty segments. Anything else is refused (400) at the gateway and
 * again by every service, so that two parsers can never disagree on what a path means.
 */
public final class PathRules {

    private static final String[] ENCODED_TRICKS = {"%2e", "%2f", "%5c", "%00", "%25"};

    private PathRules() {
    }

    /** Whether {@code rawPath} (as sent, not decoded) is plain. */
    public static boolean isPlain(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return false;
        }
        if (rawPath.indexOf(';') >= 0 || rawPath.indexOf('\\') >= 0 || rawPath.contains("//")) {
            return false;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        for (String trick : ENCODED_TRICKS) {
            if (lower.contains(trick)) {
                return false;
            }
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
