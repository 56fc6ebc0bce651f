package io.pigeonim.connector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of a JVM by class ({@code jcmd <pid> GC.class_histogram}), and what N connections added between
 * two of them: per class, instances and bytes per connection, largest first. Where an idle connection's heap goes.
 * Usage on two saved histograms (any JVM, the gateway's too): {@code java -cp <test-classes>
 * io.pigeonim.connector.bench.ClassHistogram before.txt after.txt <connections> [rows]}.
 */
final class ClassHistogram {

    /** {@code   1:   12345   6789012  [B (java.base@21)} */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** One class's live instances and bytes. */
    record Entry(long instances, long bytes) {
    }

    private final Map<String, Entry> byClass;

    private ClassHistogram(Map<String, Entry> byClass) {
        this.byClass = byClass;
    }

    static ClassHistogram parse(String jcmdOutput) {
        Map<String, Entry> byClass = new HashMap<>();
        for (String line : jcmdOutput.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                byClass.merge(m.group(3), new Entry(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                        (a, b) -> new Entry(a.instances() + b.instances(), a.bytes() + b.bytes()));
            }
        }
        return new ClassHistogram(byClass);
    }

    /**
     * A Markdown table of the {@code rows} classes that grew most from {@code before} to this histogram, per one of
     * {@code connections}, with the total growth of every class in the last row.
     */
    String growthSince(ClassHistogram before, int connections, int rows) {
        record Growth(String name, long instances, long bytes) {
        }
        List<Growth> growth = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Entry> e : byClass.entrySet()) {
            Entry old = before.byClass.getOrDefault(e.getKey(), new Entry(0, 0));
            Growth g = new Growth(e.getKey(), e.getValue().instances() - old.instances(),
                    e.getValue().bytes() - old.bytes());
            growth.add(g);
            total += g.bytes();
        }
        for (Map.Entry<String, Entry> e : before.byClass.entrySet()) {
            if (!byClass.containsKey(e.getKey())) {
                total -= e.getValue().bytes();
            }
        }
        growth.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        StringBuilder table = new StringBuilder("| class | instances per connection | bytes per connection |\n"
                + "|---|---:|---:|\n");
        for (Growth g : growth.subList(0, Math.min(rows, growth.size()))) {
            table.append(String.format(Locale.ROOT, "| `%s` | %.2f | %,.0f |%n", g.name(),
                    g.instances() / (double) connections, g.bytes() / (double) connections));
        }
        table.append(String.format(Locale.ROOT, "| every class | | **%,.0f** |%n", total / (double) connections));
        return table.toString();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: ClassHistogram before.txt after.txt <connections> [rows]");
            System.exit(2);
        }
        ClassHistogram before = parse(Files.readString(Path.of(args[0])));
        ClassHistogram after = parse(Files.readString(Path.of(args[1])));
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        System.out.print(after.growthSince(before, Integer.parseInt(args[2]), rows));
    }
}
