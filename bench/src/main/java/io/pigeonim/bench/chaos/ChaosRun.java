package io.pigeonim.bench.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pigeonim.bench.client.GatewayClient;
import io.pigeonim.bench.client.GatewayNotReadyException;
import io.pigeonim.bench.config.CliArgs;

/**
 * {@code ./pigeon chaos} (issue 13): steady one-to-one and group traffic between client-SDK devices through the
 * gateway of the running stack, while each process is killed with SIGKILL and started again, one at a time; per fault
 * the checker's count of lost, shown-twice and out-of-order messages and the stall (docs/reliability.md). Exit 0: every
 * fault passed; 1: something was lost, shown twice or out of order; 4: intact, but a stall reached 10 s or a fault
 * could not be run; 2: a bad option; 3: the stack is not up.
 */
public final class ChaosRun {

    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("gateway", "http://localhost:8080");
        d.put("pairs", "20");
        d.put("groups", "4");
        d.put("group-size", "5");
        d.put("rate", "150");
        d.put("faults", "all");
        d.put("rounds", "1");
        d.put("warmup", "20");
        d.put("before", "10");
        d.put("down", "0");
        d.put("after", "20");
        d.put("settle", "60");
        d.put("start-attempts", "3");
        d.put("content-bytes", "100");
        d.put("results", "bench/results");
        d.put("runner", System.getenv().getOrDefault("PIGEON_RUNNER", "./pigeon"));
        d.put("run-dir", System.getenv().getOrDefault("PIGEON_RUN_DIR", ".run"));
        return d;
    }

    private final Map<String, String> o;
    private final Clock clock = Clock.systemUTC();
    private final String run = UUID.randomUUID().toString().substring(0, 6);

    private ChaosRun(Map<String, String> o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.print(CliArgs.usage("chaos", DEFAULTS).replace("./pigeon bench chaos", "./pigeon chaos"));
            return;
        }
        Map<String, String> o;
        try {
            o = CliArgs.parse(DEFAULTS, args);
            Fault.parse(o.get("faults"));
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.exit(new ChaosRun(o).execute());
        } catch (GatewayNotReadyException e) {
            System.err.println("chaos: " + e.getMessage());
            System.exit(3);
        }
    }

    private int execute() throws Exception {
        URI gateway = URI.create(o.get("gateway"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        GatewayClient rest = new GatewayClient(gateway, http);
        rest.requireReady();
        Path dir = Path.of(o.get("results"), "chaos-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC).format(Instant.now()));
        Files.createDirectories(dir);
        StackRunner runner = new StackRunner(Path.of(o.get("runner")), Path.of(o.get("run-dir")), dir.resolve("runner.log"));

        CheckedTraffic traffic = CheckedTraffic.open(rest, gateway, http, run, new CheckedTraffic.Shape(
                Integer.parseInt(o.get("pairs")), Integer.parseInt(o.get("groups")), Integer.parseInt(o.get("group-size")),
                Double.parseDouble(o.get("rate")), Integer.parseInt(o.get("content-bytes"))), clock);
        traffic.start();
        List<PhaseRecord> phases = new ArrayList<>();
        String load0 = LoadAverage.read();
        long warmStart = clock.millis();
        System.out.printf("chaos: %d devices, %d conversations, %s msg/s; warm-up %s s%n", traffic.devices(),
                traffic.conversations(), o.get("rate"), o.get("warmup"));
        sleep(seconds("warmup"));
        phases.add(new PhaseRecord(0, 0, null, warmStart, -1, 0, load0, LoadAverage.read(), null, null));
        try {
            faults(runner, traffic, phases);
        } finally {
            traffic.stop();
        }
        traffic.settle(seconds("settle"));
        List<ChaosReport.Row> rows = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            PhaseRecord p = phases.get(i);
            long end = i + 1 < phases.size() ? phases.get(i + 1).phaseStart() : clock.millis();
            rows.add(new ChaosReport.Row(p, traffic.check(p.index(), p.killedAt(), end)));
        }
        traffic.close();
        String summary = ChaosReport.write(dir, o, traffic.sent(), rows, "./pigeon chaos " + String.join(" ", args()));
        System.out.print(summary);
        if (rows.stream().anyMatch(r -> !r.check().intact())) {
            return 1;
        }
        return rows.stream().allMatch(ChaosReport.Row::passed) ? 0 : 4;
    }

    /** Each fault of each round: load before, kill, (down), start until ready, load after. */
    private void faults(StackRunner runner, CheckedTraffic traffic, List<PhaseRecord> phases) throws Exception {
        List<String> names = Fault.parse(o.get("faults"));
        int connectors = runner.connectors();
        boolean privateStores = runner.privateStores();
        int index = 1;
        for (int round = 1; round <= Integer.parseInt(o.get("rounds")); round++) {
            for (String name : names) {
                Fault f = Fault.of(name, round);
                long phaseStart = clock.millis();
                String skip = f.store() && !privateStores
                        ? "the stack runs on the machine's shared Redis / MariaDB, never stopped: ./pigeon up --private-stores"
                        : "connector".equals(name) && connectors < 2 ? "needs two connectors: ./pigeon up --connectors 2" : null;
                if (skip != null) {
                    phases.add(PhaseRecord.skipped(index++, round, f, phaseStart, skip));
                    System.out.printf("chaos: %s skipped (%s)%n", name, skip);
                    continue;
                }
                traffic.phase(index);
                sleep(seconds("before"));
                String loadBefore = LoadAverage.read();
                System.out.printf("chaos: round %d, kill -9 %s%n", round, f.process());
                long killedAt = runner.kill(f.process());
                sleep(seconds("down"));
                StackRunner.Started restart;
                try {
                    restart = runner.start(f.process(), Integer.parseInt(o.get("start-attempts")));
                } catch (IllegalStateException e) {
                    phases.add(new PhaseRecord(index, round, f, phaseStart, killedAt, -1, loadBefore, LoadAverage.read(),
                            null, "did not come back: " + e.getMessage()));
                    System.out.println("chaos: " + e.getMessage() + "; stopping the run");
                    return;
                }
                System.out.printf("chaos: %s ready again %.1f s after the kill%n", f.process(),
                        (clock.millis() - killedAt) / 1000.0);
                sleep(seconds("after"));
                phases.add(new PhaseRecord(index++, round, f, phaseStart, killedAt, restart.seconds(), loadBefore,
                        LoadAverage.read(), null, restart.attempts() > 1 ? "started on attempt " + restart.attempts() : null));
            }
        }
    }

    private List<String> args() {
        List<String> given = new ArrayList<>();
        o.forEach((k, v) -> {
            if (!v.equals(DEFAULTS.get(k)) && !k.equals("runner") && !k.equals("run-dir")) {
                given.add("--" + k + " " + v);
            }
        });
        return given;
    }

    private long seconds(String option) {
        return (long) (Double.parseDouble(o.get(option)) * 1000);
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(Math.max(0, millis));
    }
}
