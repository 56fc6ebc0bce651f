package io.pigeonim.offline.api;

import io.pigeonim.common.web.ApiException;

import io.pigeonim.common.id.Ids;

/** Parsing of query parameters with messages that name the value and the expectation. */
public final class QueryParameters {

    /** The largest page a client may ask for (PROTOCOL.md §4). */
    public static final int MAX_LIMIT = 200;
    /** The page size when a client gives none. */
    public static final int DEFAULT_LIMIT = 50;

    private QueryParameters() {
    }

    /** {@code limit}: 1..200, default 50. */
    public static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        long value = parse(raw, "limit", "1.." + MAX_LIMIT);
        if (value < 1 || value > MAX_LIMIT) {
            throw ApiException.badRequest("limit: " + raw + " (expected: 1.." + MAX_LIMIT + ")");
        }
        return (int) value;
    }

    /** A seq given by a client, or {@code null} when absent: 0..2^53-1. */
    public static Long seq(String raw, String name) {
        if (raw == null) {
            return null;
        }
        long value = parse(raw, name, "0.." + Ids.MAX_SAFE_INTEGER);
        if (value < 0 || value > Ids.MAX_SAFE_INTEGER) {
            throw ApiException.badRequest(name + ": " + raw + " (expected: 0.." + Ids.MAX_SAFE_INTEGER + ")");
        }
        return value;
    }

    private static long parse(String raw, String name, String expected) {
        if (raw.isEmpty() || raw.length() > 20 || !raw.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '-')) {
            throw ApiException.badRequest(name + ": " + shown(raw) + " (expected: an integer in " + expected + ")");
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": " + shown(raw) + " (expected: an integer in " + expected + ")");
        }
    }

    private static String shown(String raw) {
        return '"' + (raw.length() > 40 ? raw.substring(0, 40) + "…" : raw) + '"';
    }
}
