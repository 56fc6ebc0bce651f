package io.pigeonim.bench.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything a run can be told, parsed from {@code --name value} (or {@code --name=value}) arguments; every
 * option has a default, listed in bench/README.md and by {@link #usage()}.
 *
 * @implNote One syntax only, {@code --name value}, rather than also {@code -Dbench.name=value}: the options are
 *     the program's arguments, so {@code ./pigeon bench e2e --rates 100,200} passes them on untouched, and a
 *     misspelt option fails at once instead of being an ignored system property.
 */
public record BenchOptions(URI gateway, int pairs, int groups, int groupSize, List<Double> rates,
        List<Double> groupRates, Duration warmup, Duration duration, Duration drain, int ackEvery, Duration ackInterval,
        int contentBytes, boolean saturate, double saturateFactor, Duration saturateDuration, double saturateMax,
        double p99TargetMillis, boolean baselines, Duration baselineWarmup, Duration baselineDuration,
        String kafka, String redis, String mysqlUrl, String mysqlUser, String mysqlPassword, int clients,
        String results, Set<String> scenarios, String pidsDir, Duration stackWarmup, double stackWarmupRate) {

    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("gateway", "http://localhost:8080");
        d.put("pairs", "50");
        d.put("groups", "10");
        d.put("group-size", "5");
        d.put("rates", "200,500,1000,2000");
        d.put("group-rates", "");
        d.put("stack-warmup", "90");
        d.put("stack-warmup-rate", "800");
        d.put("warmup", "5");
        d.put("duration", "20");
        d.put("drain", "10");
        d.put("ack-every", "32");
        d.put("ack-ms", "100");
        d.put("content-bytes", "100");
        d.put("saturate", "true");
        d.put("saturate-factor", "1.5");
        d.put("saturate-duration", "10");
        d.put("saturate-max", "20000");
        d.put("p99-target-ms", "100");
        d.put("baselines", "true");
        d.put("baseline-warmup", "2");
        d.put("baseline-duration", "10");
        d.put("kafka", "localhost:9092");
        d.put("redis", "redis://localhost:6379");
        d.put("mysql", "jdbc:mysql://localhost:3306/");
        d.put("mysql-user", envOr("MYSQL_USER", "root"));
        d.put("mysql-password", envOr("MYSQL_PASSWORD", ""));
        d.put("clients", "4");
        d.put("results", "bench/results");
        d.put("scenarios", "pairs,groups");
        d.put("pids-dir", "");
        return d;
    }

    /** Parses the arguments over the defaults; throws {@link IllegalArgumentException} naming the bad one. */
    public static BenchOptions parse(String... args) {
        return of(CliArgs.parse(DEFAULTS, args));
    }

    private static BenchOptions of(Map<String, String> v) {
        List<Double> rates = rates(v, "rates");
        List<Double> groupRates = v.get("group-rates").isBlank() ? rates : rates(v, "group-rates");
        Set<String> scenarios = Set.copyOf(List.of(v.get("scenarios").split(",")));
        for (String s : scenarios) {
            if (!Set.of("pairs", "groups").contains(s)) {
                throw new IllegalArgumentException("--scenarios: \"" + s + "\" (expected: pairs, groups or both)");
            }
        }
        return new BenchOptions(URI.create(v.get("gateway").replaceAll("/+$", "")), positive(v, "pairs"),
                positive(v, "groups"), atLeast(v, "group-size", 2), rates, groupRates, seconds(v, "warmup"),
                seconds(v, "duration"), seconds(v, "drain"), positive(v, "ack-every"), millis(v, "ack-ms"),
                atLeast(v, "content-bytes", 1), bool(v, "saturate"), factor(v), seconds(v, "saturate-duration"),
                number(v, "saturate-max"), number(v, "p99-target-ms"), bool(v, "baselines"),
                seconds(v, "baseline-warmup"), seconds(v, "baseline-duration"), v.get("kafka"), v.get("redis"),
                v.get("mysql"), v.get("mysql-user"), v.get("mysql-password"), positive(v, "clients"),
                v.get("results"), scenarios, v.get("pids-dir").isBlank() ? null : v.get("pids-dir"),
                seconds(v, "stack-warmup"), number(v, "stack-warmup-rate"));
    }

    /** The options and their defaults, one a line. */
    public static String usage() {
        StringBuilder s = new StringBuilder("usage: ./pigeon bench e2e [--name value ...]\noptions (default):\n");
        DEFAULTS.forEach((k, d) -> s.append(String.format(Locale.ROOT, "  --%-18s %s%n", k,
                k.equals("mysql-password") ? "(MYSQL_PASSWORD)" : k.equals("pids-dir") ? "(none: every -Dpigeon.process JVM)"
                : d.isEmpty() ? "(same as --rates)" : d)));
        return s.toString();
    }

    /** The WebSocket URI of the gateway for a token. */
    public URI webSocket(String token) {
        return URI.create(gateway.toString().replaceFirst("^http", "ws") + "/ws?token=" + token);
    }

    private static List<Double> rates(Map<String, String> v, String name) {
        List<Double> rates = new ArrayList<>();
        for (String r : v.get(name).split(",")) {
            double rate = parseNumber(name, r.trim());
            if (rate <= 0) {
                throw new IllegalArgumentException("--" + name + ": " + r + " (expected: messages/s > 0)");
            }
            rates.add(rate);
        }
        return List.copyOf(rates);
    }

    private static int positive(Map<String, String> v, String name) {
        return atLeast(v, name, 1);
    }

    private static int atLeast(Map<String, String> v, String name, int min) {
        int n;
        try {
            n = Integer.parseInt(v.get(name).trim());
        } catch (NumberFormatException e) {
            n = Integer.MIN_VALUE;
        }
        if (n < min) {
            throw new IllegalArgumentException("--" + name + ": " + v.get(name) + " (expected: an integer >= " + min + ")");
        }
        return n;
    }

    private static double factor(Map<String, String> v) {
        double f = number(v, "saturate-factor");
        if (f <= 1) {
            throw new IllegalArgumentException("--saturate-factor: " + f + " (expected: > 1)");
        }
        return f;
    }

    private static double number(Map<String, String> v, String name) {
        return parseNumber(name, v.get(name).trim());
    }

    private static double parseNumber(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": \"" + value + "\" (expected: a number)");
        }
    }

    private static Duration seconds(Map<String, String> v, String name) {
        double s = number(v, name);
        if (s < 0) {
            throw new IllegalArgumentException("--" + name + ": " + s + " (expected: seconds >= 0)");
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private static Duration millis(Map<String, String> v, String name) {
        return Duration.ofMillis(positive(v, name));
    }

    private static boolean bool(Map<String, String> v, String name) {
        return switch (v.get(name).trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new IllegalArgumentException("--" + name + ": \"" + v.get(name) + "\" (expected: on or off)");
        };
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
