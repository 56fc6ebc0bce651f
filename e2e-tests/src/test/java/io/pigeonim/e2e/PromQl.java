package io.pigeonim.e2e;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads (its functions, keywords, label names and values left out). */
final class PromQl {

    private static final Set<String> WORDS = Set.of("sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk",
            "bottomk", "quantile", "group", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "bool", "offset", "rate", "irate", "increase", "delta", "idelta", "deriv", "histogram_quantile",
            "clamp_min", "clamp_max", "abs", "absent", "absent_over_time", "avg_over_time", "max_over_time",
            "min_over_time", "sum_over_time", "count_over_time", "label_replace", "label_join", "vector", "scalar",
            "time", "round", "ceil", "floor", "sort", "sort_desc", "changes", "resets", "le", "inf", "nan");
    private static final Pattern LABELS = Pattern.compile("\\{[^}]*}");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern STRINGS = Pattern.compile("\"[^\"]*\"");
    private static final Pattern NAME = Pattern.compile("(?<![\\w$.])[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQl() {
    }

    static Set<String> metricNames(String expression) {
        String bare = STRINGS.matcher(expression).replaceAll("");
        bare = LABELS.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        bare = RANGES.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(bare);
        while (m.find()) {
            String word = m.group();
            if (!WORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** The label values an expression compares {@code application} to, e.g. {@code application="message-service"}. */
    static Set<String> applications(String expression) {
        Set<String> values = new TreeSet<>();
        Matcher m = Pattern.compile("application=~?\"([^\"]+)\"").matcher(expression);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }
}
