package io.pigeonim.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

import io.pigeonim.bench.check.CheckResult;
import io.pigeonim.bench.check.DeliveryChecker;
import io.pigeonim.bench.check.ErrorTally;
import io.pigeonim.testsupport.LoadSocket;
import io.pigeonim.bench.client.GatewayClient;
import io.pigeonim.bench.client.GatewayNotReadyException;
import io.pigeonim.bench.config.BenchOptions;
import io.pigeonim.bench.load.AckPolicy;
import io.pigeonim.bench.load.E2eStep;
import io.pigeonim.bench.load.LoadCounters;
import io.pigeonim.bench.load.SaturationSearch;
import io.pigeonim.bench.load.Scenario;
import io.pigeonim.bench.load.StepResult;
import io.pigeonim.bench.report.ReportFiles;
import io.pigeonim.bench.report.RunReport;
import io.pigeonim.bench.resource.ResourceMeter;
import io.pigeonim.bench.resource.StackProcesses;
import io.pigeonim.bench.resource.WatchedProcess;
import io.pigeonim.bench.stats.Timeline;

/**
 * {@code ./pigeon bench e2e}: drives a running system through its gateway like real clients (one-to-one pairs,
 * then groups, at fixed open-loop rates, then a saturation search), checks every message, measures the raw
 * baselines, and writes the report. Exit 0 when the checker passed, 1 when anything was lost or reordered (whatever
 * the speed), 2 on a bad option, 3 when the gateway is not ready.
 */
public final class E2eBench {

    private final BenchOptions options;
    private final String runId;
    private final String content;
    private final List<HttpClient> clients = new ArrayList<>();
    private final List<StepResult> steps = new ArrayList<>();
    private final Map<String, Object> saturation = new LinkedHashMap<>();

    private E2eBench(BenchOptions options) {
        this.options = options;
        this.runId = "b" + Long.toString(System.currentTimeMillis(), 36);
        this.content = content(runId, options.contentBytes());
        for (int i = 0; i < options.clients(); i++) {
            clients.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        }
    }

    private static final String STACK_WARMUP = "stack-warmup";
    /** Stages of the stack warm-up, each at a higher rate. */
    private static final int WARMUP_STAGES = 4;

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchOptions.usage());
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench e2e: " + e.getMessage() + "\n" + BenchOptions.usage());
            System.exit(2);
            return;
        }
        int code;
        try {
            code = new E2eBench(options).run();
        } catch (GatewayNotReadyException e) {
            System.err.println("bench e2e: " + e.getMessage());
            code = 3;
        }
        System.exit(code);
    }

    private int run() throws Exception {
        String startedAt = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        GatewayClient gateway = new GatewayClient(options.gateway(), clients.get(0));
        gateway.requireReady();
        List<WatchedProcess> stack = StackProcesses.find(
                options.pidsDir() == null ? null : Path.of(options.pidsDir()));
        log("run " + runId + " against " + options.gateway() + "; stack: " + stack);
        Map<String, Object> machine = machine("loadBefore");
        Timeline arrivals = new Timeline(System.nanoTime(), 100_000_000L);
        DeliveryChecker checker = new DeliveryChecker(arrivals, Clock.systemUTC());
        ErrorTally errors = new ErrorTally();
        LoadCounters counters = new LoadCounters();
        Scenario.Wiring wiring = new Scenario.Wiring(gateway, clients, options::webSocket, checker, errors, counters,
                new AckPolicy(options.ackEvery(), options.ackInterval()));
        try (ResourceMeter meter = new ResourceMeter(stack, ResourceMeter.clockTicks())) {
            E2eStep.Context ctx = new E2eStep.Context(runId, content, checker, errors, counters, arrivals, meter,
                    options.drain());
            if (options.scenarios().contains("pairs")) {
                try (Scenario pairs = Scenario.pairs(runId, options.pairs(), wiring)) {
                    warmStack(ctx, pairs);
                    fixedRates(ctx, pairs, options.rates());
                    if (options.saturate()) {
                        saturate(ctx, pairs);
                    }
                }
            }
            if (options.scenarios().contains("groups")) {
                try (Scenario groups = Scenario.groups(runId, options.groups(), options.groupSize(), wiring)) {
                    if (!options.scenarios().contains("pairs")) {
                        warmStack(ctx, groups);
                    }
                    fixedRates(ctx, groups, options.groupRates());
                }
            }
        }
        CheckResult check = checker.result();
        machine.putAll(machine("loadAfter"));
        List<io.pigeonim.bench.baseline.BaselineResult> baselines = options.baselines()
                ? new Baselines(options, runId, content, clients).runAll() : List.of();
        Map<String, Long> totals = counters.totals();
        totals.put("undecodable frames", LoadSocket.UNDECODABLE.get());
        RunReport report = new RunReport(runId, startedAt, optionsForReport(), machine,
                stack.stream().map(p -> p.name() + " (" + p.pid() + ")").toList(), steps, saturation, baselines,
                check, errors.snapshot(), totals, arrivals.perSecond());
        Path dir = Path.of(options.results(), LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        System.out.println(ReportFiles.write(report, dir, options.p99TargetMillis()));
        if (!check.passed()) {
            System.err.printf(Locale.ROOT, "bench e2e: FAILED: %d lost, %d reordered, %d stored twice%n",
                    check.lost(), check.reordered(), check.storedTwice());
            return 1;
        }
        return 0;
    }

    private void fixedRates(E2eStep.Context ctx, Scenario scenario, List<Double> rates) throws InterruptedException {
        for (double rate : rates) {
            step(ctx, scenario, "rates", rate, options.duration());
        }
    }

    /**
     * Load before anything is measured (phase {@code stack-warmup}, checked like any step and reported, never
     * counted as a rate that kept up): on 2 cores the services' JIT compilers take minutes of traffic to finish,
     * and until then they take about a core (docs/performance.md). The rate climbs in {@value #WARMUP_STAGES} stages
     * to {@code --stack-warmup-rate}: a cold stack offered 800 msg/s at once fell behind, and the backlog it built
     * spoiled every step after it (2026-12-01, docs/performance.md).
     */
    private void warmStack(E2eStep.Context ctx, Scenario scenario) throws InterruptedException {
        if (options.stackWarmup().isZero()) {
            return;
        }
        Duration stage = options.stackWarmup().dividedBy(WARMUP_STAGES);
        for (int i = 1; i <= WARMUP_STAGES; i++) {
            step(ctx, scenario, STACK_WARMUP, Math.max(1, Math.round(options.stackWarmupRate() * i / WARMUP_STAGES)),
                    stage);
        }
    }


    /** Moves the pairs' rate from the fixed rates' results, up or down, then bisects (see {@link SaturationSearch}). */
    private void saturate(E2eStep.Context ctx, Scenario pairs) throws InterruptedException {
        SaturationSearch search = new SaturationSearch(options.saturateFactor(), options.saturateMax());
        steps.stream().filter(s -> s.scenario().equals("pairs") && !s.phase().equals(STACK_WARMUP))
                .forEach(s -> search.add(new SaturationSearch.Probe(s.rate(), s.keptUp(options.p99TargetMillis()))));
        double perSenderLimit = 200.0 * pairs.lanes().size();
        for (OptionalDouble next = search.next(); next.isPresent(); next = search.next()) {
            double rate = Math.max(1, Math.round(next.getAsDouble()));
            if (rate > perSenderLimit) {
                log("saturation: " + rate + " msg/s would pass the per-user send limit (200/s x "
                        + pairs.lanes().size() + " senders): stop");
                break;
            }
            StepResult s = step(ctx, pairs, "saturation", rate, options.saturateDuration());
            search.add(new SaturationSearch.Probe(rate, s.keptUp(options.p99TargetMillis())));
        }
        OptionalDouble best = search.highestKeptUp();
        saturation.put("highestRateKeptUp", best.isPresent() ? best.getAsDouble() : null);
        saturation.put("stoppedBecause", search.stopReason());
        saturation.put("summary", String.format(Locale.ROOT, "highest one-to-one rate with p99 < %s ms and >= 95 %%"
                + " delivered: %s (search stopped: %s)", fmt(options.p99TargetMillis()),
                best.isPresent() ? fmt(best.getAsDouble()) + " msg/s" : "none", search.stopReason()));
    }

    private StepResult step(E2eStep.Context ctx, Scenario scenario, String phase, double rate, Duration duration)
            throws InterruptedException {
        log(String.format(Locale.ROOT, "%s %s: %.0f msg/s, %s warm-up + %s measured (%d devices, %d senders)",
                scenario.name(), phase, rate, options.warmup(), duration, scenario.devices(), scenario.lanes().size()));
        StepResult s = E2eStep.run(ctx, scenario, phase, steps.size(), rate, options.warmup(), duration);
        steps.add(s);
        log(String.format(Locale.ROOT, "  delivered %.0f msg/s (%.1f %%), e2e p50/p99/p99.9 %s ms (push p50 %s ms),"
                + " errors %s, duplicates %d, pending after drain %d", s.deliveredRate(), s.deliveredShare() * 100,
                fmt(s.endToEnd().p50()) + "/" + fmt(s.endToEnd().p99()) + "/" + fmt(s.endToEnd().p999()),
                fmt(s.push().p50()),
                s.errors(), s.duplicates(), s.pendingAfterDrain()));
        return s;
    }

    private Map<String, Object> optionsForReport() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("gateway", options.gateway().toString());
        o.put("pairs", options.pairs());
        o.put("groups", options.groups());
        o.put("groupSize", options.groupSize());
        o.put("rates", options.rates());
        o.put("groupRates", options.groupRates());
        o.put("stackWarmupSeconds", options.stackWarmup().toMillis() / 1000.0);
        o.put("stackWarmupRate", options.stackWarmupRate());
        o.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
        o.put("durationSeconds", options.duration().toMillis() / 1000.0);
        o.put("drainSeconds", options.drain().toMillis() / 1000.0);
        o.put("ackEvery", options.ackEvery());
        o.put("ackMillis", options.ackInterval().toMillis());
        o.put("contentBytes", options.contentBytes());
        o.put("saturate", options.saturate());
        o.put("saturateFactor", options.saturateFactor());
        o.put("saturateDurationSeconds", options.saturateDuration().toMillis() / 1000.0);
        o.put("p99TargetMillis", options.p99TargetMillis());
        o.put("baselines", options.baselines());
        o.put("scenarios", options.scenarios());
        return o;
    }

    private static Map<String, Object> machine(String loadKey) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        try {
            m.put(loadKey, Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (IOException e) {
            m.put(loadKey, "?");
        }
        m.put("java", System.getProperty("java.version"));
        return m;
    }

    /** {@code bytes} of printable ASCII, the same for every message (the run id makes it unique to the run). */
    static String content(String runId, int bytes) {
        StringBuilder s = new StringBuilder(bytes).append(runId).append(' ');
        while (s.length() < bytes) {
            s.append((char) ('a' + s.length() % 26));
        }
        return s.substring(0, bytes);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.0f", v);
    }

    static void log(String line) {
        System.err.println(LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " bench: " + line);
    }
}
