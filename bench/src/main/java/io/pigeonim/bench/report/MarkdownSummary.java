package io.pigeonim.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.pigeonim.bench.baseline.BaselineResult;
import io.pigeonim.bench.check.CheckResult;
import io.pigeonim.bench.load.StepResult;
import io.pigeonim.bench.resource.ProcessUsage;
import io.pigeonim.bench.stats.Percentiles;

/** Renders a {@link RunReport} as the Markdown summary that is printed and written to {@code summary.md}. */
public final class MarkdownSummary {

    private static final double MB = 1024 * 1024;

    private MarkdownSummary() {
    }

    public static String render(RunReport r, double p99Target) {
        StringBuilder md = new StringBuilder();
        md.append("# Pigeon end-to-end benchmark, run ").append(r.runId()).append("\n\n");
        md.append("Started ").append(r.startedAt()).append(", gateway ").append(r.options().get("gateway"))
                .append("; machine ").append(r.machine()).append(".\n");
        md.append("Stack processes: ").append(String.join(", ", r.stackProcesses())).append(".\n\n");
        verdict(md, r.check());
        steps(md, r.steps(), p99Target);
        md.append("\n**Saturation**: ").append(r.saturation().getOrDefault("summary", "not run (--saturate off)"))
                .append("\n");
        resources(md, r.steps());
        baselines(md, r.baselines(), r.steps());
        checker(md, r);
        return md.toString();
    }

    private static void verdict(StringBuilder md, CheckResult c) {
        if (c.passed()) {
            md.append("**Checker: PASSED**: every send_acked message reached every member device (the sender's own"
                    + " included) exactly once after dedup by msgId, in seq order.\n");
        } else {
            md.append(String.format(Locale.ROOT, "**Checker: FAILED**: %d lost, %d reordered, %d stored twice"
                    + " (of %d expected deliveries).%n", c.lost(), c.reordered(), c.storedTwice(),
                    c.expectedDeliveries()));
        }
        md.append(String.format(Locale.ROOT, "Duplicate message frames: %d (%s of %d frames).%n",
                c.duplicates(), percent(c.duplicateShare()), c.duplicates() + c.firstArrivals()));
        for (String e : c.examples()) {
            md.append("- ").append(e).append('\n');
        }
    }

    private static void steps(StringBuilder md, List<StepResult> steps, double p99Target) {
        md.append("\n## Open loop (latency from the intended send time)\n\n");
        md.append("| scenario | phase | offered msg/s | delivered msg/s (share) | e2e p50 / p99 / p99.9 ms"
                + " | send_ack p50 / p99 / p99.9 ms | push p50 / p99 ms | ack→ack_ok p50 / p99 ms | duplicates (share) | errors"
                + " | stack CPU s (ms/msg) | bench CPU s | bench lag ms | kept up |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
        for (StepResult s : steps) {
            ProcessUsage total = s.resources() == null ? null : s.resources().total();
            ProcessUsage bench = s.resources() == null ? null : s.resources().bench();
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f (%s) | %s | %s | %s | %s | %d (%s) | %s | %s | %s"
                    + " | %s | %s |%n", s.scenario(), s.phase(), s.rate(), s.deliveredRate(),
                    percent(s.deliveredShare()), three(s.endToEnd()), three(s.sendAck()), two(s.push()),
                    two(s.ackRoundTrip()),
                    s.duplicates(), percent(s.frames() == 0 ? 0 : (double) s.duplicates() / s.frames()),
                    errors(s.errors()), total == null ? "-" : String.format(Locale.ROOT, "%.1f (%s)", total.cpuSeconds(),
                            ms(total.cpuMillisPer(s.deliveredMessages()))),
                    bench == null ? "-" : String.format(Locale.ROOT, "%.1f", bench.cpuSeconds()),
                    ms(s.maxLateMillis()), s.keptUp(p99Target) ? "yes" : "**no**"));
        }
        md.append("\nPush: the server's `sendTime` (send accepted) → arrival at a receiver, wall clock. ");
        md.append("Kept up: p99 end-to-end < ").append(ms(p99Target)).append(" ms and at least 95 % delivered in"
                + " the window. Errors: `send:CODE` refused sends, `other:CODE` error frames without a clientId"
                + " (acks), `close:CODE` connections the server closed.\n");
    }

    private static void resources(StringBuilder md, List<StepResult> steps) {
        md.append("\n## Resources per process over each measured window\n\n");
        md.append("CPU seconds (utime + stime), CPU ms per delivered message, peak RSS. `total` is the stack's sum"
                + " (RSS: sum of peaks); `bench` is the load generator itself, not part of the stack.\n\n");
        List<String> header = new ArrayList<>();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (StepResult s : steps) {
            if (s.resources() == null) {
                continue;
            }
            header.add(String.format(Locale.ROOT, "%s %s %.0f/s", s.scenario(), s.phase(), s.rate()));
            List<ProcessUsage> all = new ArrayList<>(s.resources().stack());
            all.add(s.resources().total());
            all.add(s.resources().bench());
            for (ProcessUsage u : all) {
                rows.computeIfAbsent(u.name(), n -> new ArrayList<>()).add(String.format(Locale.ROOT,
                        "%.1f s, %s ms/msg, %.0f MB", u.cpuSeconds(), ms(u.cpuMillisPer(s.deliveredMessages())),
                        u.maxRssBytes() / MB));
            }
        }
        md.append("| process | ").append(String.join(" | ", header)).append(" |\n|---|");
        md.append("---:|".repeat(header.size())).append('\n');
        rows.forEach((name, cells) -> md.append("| ").append(name).append(" | ")
                .append(String.join(" | ", cells)).append(" |\n"));
    }

    private static void baselines(StringBuilder md, List<BaselineResult> baselines, List<StepResult> steps) {
        if (baselines.isEmpty()) {
            return;
        }
        md.append("\n## Baselines (same machine, same run, same open-loop rates)\n\n");
        md.append("| baseline | operation | rate/s | p50 / p99 / p99.9 ms | completed / failed"
                + " | pairs e2e p50 ÷ this | pairs e2e p99 ÷ this |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (BaselineResult b : baselines) {
            StepResult pair = steps.stream().filter(s -> s.scenario().equals("pairs") && s.phase().equals("rates")
                    && s.rate() == b.rate()).findFirst().orElse(null);
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %d / %d | %s | %s |%n", b.name(),
                    b.operation(), b.rate(), three(b.latency()), b.completed(), b.failed(),
                    pair == null ? "-" : ratio(pair.endToEnd().p50(), b.latency().p50()),
                    pair == null ? "-" : ratio(pair.endToEnd().p99(), b.latency().p99())));
            if (b.firstFailure() != null) {
                md.append("| | first failure: ").append(b.firstFailure().replace('|', '/')).append(" | | | | | |\n");
            }
        }
    }

    private static void checker(StringBuilder md, RunReport r) {
        CheckResult c = r.check();
        md.append("\n## Checker totals\n\n| what | count |\n|---|---:|\n");
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("sends", c.sent());
        rows.put("send_acked", c.acked());
        rows.put("refused (error frame, or sent after a refused one)", c.refused());
        rows.put("unanswered (no send_ack, no error)", c.unanswered());
        rows.put("expected deliveries (send_acked × member devices)", c.expectedDeliveries());
        rows.put("lost", c.lost());
        rows.put("reordered", c.reordered());
        rows.put("stored twice (same clientMsgId, another msgId)", c.storedTwice());
        rows.put("duplicate message frames", c.duplicates());
        rows.put("arrivals not expected (unknown or refused)", c.unknown());
        r.counters().forEach(rows::put);
        rows.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\nAll error frames and closes of the run: ").append(errors(r.errors())).append('\n');
    }

    static String errors(Map<String, Long> errors) {
        return errors.isEmpty() ? "none" : errors.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static String three(Percentiles p) {
        return p.isEmpty() ? "-" : ms(p.p50()) + " / " + ms(p.p99()) + " / " + ms(p.p999());
    }

    private static String two(Percentiles p) {
        return p.isEmpty() ? "-" : ms(p.p50()) + " / " + ms(p.p99());
    }

    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f", v);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, share < 0.001 && share > 0 ? "%.3f %%" : "%.1f %%", share * 100);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "-" : String.format(Locale.ROOT, "%.1f×", a / b);
    }
}
