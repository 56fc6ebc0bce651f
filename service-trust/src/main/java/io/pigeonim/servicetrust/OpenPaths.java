package io.pigeonim.servicetrust;

import java.util.List;
import java.util.Objects;

/**
 * Path prefixes a service opens to callers without any credential, besides {@code /actuator} and {@code /error}
 * (for instance its API document): the one part of the trust boundary that differs between services.
 *
 * @implNote A bean in code, not a property: a property could be widened by an environment variable in a
 *     deployment, and an open path is a security decision that belongs in review.
 */
public record OpenPaths(List<String> prefixes) {

    public OpenPaths {
        prefixes = List.copyOf(Objects.requireNonNull(prefixes, "prefixes"));
        for (String prefix : prefixes) {
            if (!prefix.startsWith("/") || prefix.length() < 2) {
                throw new IllegalArgumentException("open path: \"" + prefix + "\" (expected: a path prefix like /api/v1/x)");
            }
        }
    }

    public static OpenPaths of(String... prefixes) {
        return new OpenPaths(List.of(prefixes));
    }
}
