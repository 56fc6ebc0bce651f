package io.pigeonim.bench.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code --name value} or {@code --name=value} arguments over defaults; an unknown name fails at once. */
public final class CliArgs {

    private CliArgs() {
    }

    /** The defaults with the arguments over them; throws {@link IllegalArgumentException} naming the bad one. */
    public static Map<String, String> parse(Map<String, String> defaults, String... args) {
        Map<String, String> v = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("argument: \"" + arg + "\" (expected: --name value)");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + ": missing value");
            }
            if (!v.containsKey(name)) {
                throw new IllegalArgumentException("--" + name + ": unknown option (expected one of: "
                        + String.join(", ", defaults.keySet()) + ")");
            }
            v.put(name, value);
        }
        return v;
    }

    /** The options of {@code ./pigeon bench <program>} and their defaults, one a line. */
    public static String usage(String program, Map<String, String> defaults) {
        StringBuilder s = new StringBuilder("usage: ./pigeon bench " + program + " [--name value ...]\noptions (default):\n");
        defaults.forEach((k, d) -> s.append(String.format(Locale.ROOT, "  --%-18s %s%n", k, d)));
        return s.toString();
    }
}
