package io.pigeonim.message.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus histograms of {@code pigeon_message_*} timers from a scrape: cumulative bucket counts by upper bound. */
final class HopHistograms {

    private static final Pattern BUCKET = Pattern.compile(
            "^(pigeon_message_\\w+)_seconds_bucket\\{(.*?)le=\"([^\"]+)\",?(.*?)\\} (\\S+)$");

    private HopHistograms() {
    }

    /** Series (name and labels but {@code le}) → upper bound in seconds → cumulative count. */
    static Map<String, TreeMap<Double, Double>> parse(String scrape) {
        Map<String, TreeMap<Double, Double>> series = new LinkedHashMap<>();
        for (String line : scrape.split("\n")) {
            Matcher m = BUCKET.matcher(line);
            if (m.matches()) {
                String labels = (m.group(2) + m.group(4)).replaceAll(",$", "");
                String name = m.group(1) + (labels.isEmpty() ? "" : "{" + labels + "}");
                double le = "+Inf".equals(m.group(3)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(3));
                series.computeIfAbsent(name, k -> new TreeMap<>()).put(le, Double.parseDouble(m.group(5)));
            }
        }
        return series;
    }

    static TreeMap<Double, Double> minus(TreeMap<Double, Double> after, TreeMap<Double, Double> before) {
        TreeMap<Double, Double> window = new TreeMap<>();
        after.forEach((le, count) -> window.put(le, count - before.getOrDefault(le, 0.0)));
        return window;
    }

    /** Like PromQL's histogram_quantile: linear within the bucket that holds the rank. */
    static double quantile(TreeMap<Double, Double> buckets, double q) {
        double total = buckets.lastEntry().getValue();
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = bucket.getValue() - lowerCount;
                return lowerBound + (bucket.getKey() - lowerBound) * (inBucket == 0 ? 1 : (rank - lowerCount) / inBucket);
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }
}
