package io.pigeonim.bench.connections;

import java.io.IOException;
import java.net.URI;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pigeonim.bench.chaos.CheckedTraffic;
import io.pigeonim.bench.chaos.PhaseCheck;
import io.pigeonim.bench.client.GatewayClient;
import io.pigeonim.bench.client.GatewayNotReadyException;
import io.pigeonim.bench.config.CliArgs;
import io.pigeonim.bench.resource.ProcStat;
import io.pigeonim.bench.resource.ResourceMeter;
import io.pigeonim.bench.resource.StackProcesses;
import io.pigeonim.bench.resource.WatchedProcess;
import io.pigeonim.bench.stats.LatencyRecorder;
import io.pigeonim.bench.stats.Percentiles;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.testsupport.LoadSocket;
import io.pigeonim.testsupport.NioSockets;

/**
 * {@code ./pigeon bench connections} (issue 18): opens idle devices in steps, each answering its first {@code ping},
 * through the gateway ({@code --via gateway}) or straight to the connectors as an Ingress or L4 load balancer would
 * send them ({@code --via connectors}, ADR 0017: the connectors check the tokens; {@link Balancer}), and reports
 * the resident memory and heap of every process on a device's path (gateway and connectors, or the connectors) per
 * connection, the upgrade latency, refusals, and the CPU idle connections cost; then (with
 * {@code --kill on} and two or more connectors) kills one connector with SIGKILL and measures how long until every
 * device it held is connected again and synced. Idle devices carry no messages; across the kill, client-SDK devices
 * through the gateway send steadily ({@code --traffic-*}, {@link CheckedTraffic}), and the chaos run's checker says
 * whether any of their messages was lost, shown twice or out of order (exit 1 if so).
 */
public final class ConnectionsBench {

    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("gateway", "http://localhost:8080");
        d.put("via", "gateway");
        d.put("first-share", "");
        d.put("devices", "6000");
        d.put("step", "1000");
        // opened and closed before the baseline: the path's first upgrades load and compile code and grow thread
        // pools, a cost of the process, not of each device
        d.put("warmup", "1000");
        // syncs by the warm-up devices before the baseline (a kill's survivors serve syncs warm, as in production)
        d.put("warmup-syncs", "0");
        d.put("opening", "200");
        // below a connector's default upgrade rate (1,000/s), so that the opening is not refused for its pace
        d.put("rate", "450");
        // nio: NioSockets, under 1 KB of heap a socket; jdk: LoadSocket, some 60 KB (the figures measured before nio)
        d.put("client", "nio");
        // JDK HttpClients: the REST syncs', and the devices' with --client jdk
        d.put("clients", "8");
        d.put("idle-seconds", "20");
        d.put("ping-seconds", "30");
        // on: this process kills the first connector; watch: another process does, this one measures; off
        d.put("kill", "on");
        d.put("kill-wait", "90");
        // devices sync over REST in parallel after a reconnect, as a fleet of phones does: the load generator's own
        // limit, kept above what the gateway and offline-service take on this machine
        d.put("sync-threads", "32");
        // client-SDK devices through the gateway, sending across the kill, checked for loss, duplicates and order:
        // pairs and groups (of group-size members), msg/s over all of them; 0 pairs and 0 groups: none
        d.put("traffic-pairs", "20");
        d.put("traffic-groups", "4");
        d.put("traffic-group-size", "5");
        d.put("traffic-rate", "100");
        // seconds of traffic at traffic-warmup-rate msg/s before it (then TRAFFIC_SETTLE_SECONDS at traffic-rate): a
        // production stack that loses a connector has served messages for hours, its paths compiled; after 60 s at
        // 100 msg/s message-service still took 0.6 of a core for those 100 msg/s (docs/performance.md, "Messages
        // across the kill")
        d.put("traffic-warmup", "120");
        d.put("traffic-warmup-rate", "400");
        d.put("pids-dir", "");
        d.put("results", "bench/results");
        return d;
    }

    /** The selector threads of the devices' sockets with {@code --client nio}: two, one a core of this machine. */
    private static final int NIO_THREADS = 2;

    private final Map<String, String> o;
    private final List<HttpClient> clients = new ArrayList<>();
    /** With {@code --client nio}, else null. */
    private final NioSockets sockets;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, daemon("device-timer"));
    private final ExecutorService syncing;
    private final StringBuilder summary = new StringBuilder();
    private final Map<String, Object> result = new LinkedHashMap<>();

    private ConnectionsBench(Map<String, String> options) {
        this.o = options;
        this.syncing = Executors.newFixedThreadPool(Integer.parseInt(o.get("sync-threads")), daemon("sync"));
        for (int i = 0; i < Integer.parseInt(o.get("clients")); i++) {
            clients.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        }
        this.sockets = switch (o.get("client")) {
            case "nio" -> new NioSockets(NIO_THREADS);
            case "jdk" -> null;
            default -> throw new IllegalArgumentException("--client: '" + o.get("client") + "' (expected: nio or jdk)");
        };
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = CliArgs.parse(DEFAULTS, args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench connections: " + e.getMessage() + "\n" + CliArgs.usage("connections", DEFAULTS));
            System.exit(2);
            return;
        }
        try {
            System.exit(new ConnectionsBench(options).run());
        } catch (GatewayNotReadyException e) {
            System.err.println("bench connections: " + e.getMessage());
            System.exit(3);
        }
    }

    private int run() throws Exception {
        URI gatewayUri = URI.create(o.get("gateway").replaceAll("/+$", ""));
        GatewayClient gateway = new GatewayClient(gatewayUri, clients.get(0));
        gateway.requireReady();
        boolean direct = switch (o.get("via")) {
            case "gateway" -> false;
            case "connectors" -> true;
            default -> throw new IllegalArgumentException("--via: '" + o.get("via") + "' (expected: gateway or connectors)");
        };
        List<WatchedProcess> path = StackProcesses.find(o.get("pids-dir").isBlank() ? null : Path.of(o.get("pids-dir")))
                .stream().filter(p -> (!direct && p.name().startsWith("gateway")) || p.name().startsWith("connector"))
                .toList();
        List<WatchedProcess> connectors = path.stream().filter(p -> p.name().startsWith("connector")).toList();
        front = new Balancer(direct ? connectors.stream().map(ConnectionsBench::webSocketOf).toList()
                : List.of(URI.create(gatewayUri.toString().replaceFirst("^http", "ws") + "/ws")), System::nanoTime);
        String run = UUID.randomUUID().toString().substring(0, 6);
        int total = Integer.parseInt(o.get("devices"));
        int step = Integer.parseInt(o.get("step"));
        line("# Connections " + (direct ? "straight to the connectors" : "through the gateway") + ", run " + run);
        line("");
        line(String.format(Locale.ROOT, "%s, %d devices in steps of %d (%s at a time over %s) to %s%s; "
                + "path: %s; open files per process: %s", LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME),
                total, step, o.get("opening"), sockets != null ? "the NIO client's " + NIO_THREADS + " threads"
                        : clients.size() + " JDK clients", front.targets(),
                o.get("first-share").isBlank() ? "" : " (" + o.get("first-share") + " of them on the first)", path,
                ulimit()));
        line("");
        warmUp(gateway, run);
        Map<WatchedProcess, long[]> before = memory(path);
        List<IdleDevice> devices = new ArrayList<>();
        LatencyRecorder upgrades = new LatencyRecorder();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        line("| devices open | refused (503) | failed | upgrade p50 / p99 ms | upgrades/s | "
                + "RSS per device, whole path | heap per device, whole path | this step's devices: RSS / heap each | "
                + "per process: RSS / heap per device |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        List<Map<String, Object>> steps = new ArrayList<>();
        Map<WatchedProcess, long[]> previous = before;
        int previousOpen = 0;
        while (devices.size() + refused.get() + failed.get() < total) {
            int n = (int) Math.min(step, total - devices.size() - refused.get() - failed.get());
            List<String> tokens = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int k = devices.size() + i + (int) (refused.get() + failed.get());
                tokens.add(gateway.devToken("c" + run + "-" + k, "d1"));
            }
            long start = System.nanoTime();
            int first = devices.size() + (int) (refused.get() + failed.get());
            devices.addAll(open(tokens, i -> placement(first + i, total), upgrades, refused, failed));
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<WatchedProcess, long[]> now = memory(path);
            steps.add(stepRow(devices.size(), refused.get(), failed.get(), upgrades.percentiles(), n / seconds,
                    before, now, devices.size() - previousOpen, previous));
            previous = now;
            previousOpen = devices.size();
            if (refused.get() + failed.get() > 0 && devices.size() == 0) {
                break;
            }
        }
        result.put("via", o.get("via"));
        result.put("client", o.get("client"));
        result.put("steps", steps);
        Map<String, Object> idle = idleCost(devices, path);
        result.put("idle", idle);
        boolean intact = true;
        if ("on".equals(o.get("kill")) || "watch".equals(o.get("kill"))) {
            CheckedTraffic traffic = connectors(path).size() >= 2 ? traffic(gateway, gatewayUri, run) : null;
            Map<String, Object> k = kill(devices, path);
            if (traffic != null) {
                Map<String, Object> checked = checkTraffic(traffic, killedAtMillis);
                intact = (boolean) checked.get("intact");
                k.put("traffic", checked);
            }
            result.put("kill", k);
        }
        for (IdleDevice d : devices) {
            d.close();
        }
        // the run id too: several processes of one measurement end in the same second
        Path dir = Path.of(o.get("results"), "connections-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + run);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.md"), summary);
        Files.write(dir.resolve("result.json"), PigeonJson.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(result));
        System.out.println("\nFiles: " + dir + "/{summary.md, result.json}");
        timer.shutdownNow();
        syncing.shutdownNow();
        return intact ? 0 : 1;
    }

    /**
     * Before a kill: the checked traffic's SDK devices (through the gateway, which spreads them over the connectors),
     * connected and sending, the sends from now on in phase 1; null with {@code --traffic-pairs 0 --traffic-groups 0}.
     */
    private CheckedTraffic traffic(GatewayClient gateway, URI gatewayUri, String run) throws InterruptedException {
        CheckedTraffic.Shape shape = new CheckedTraffic.Shape(Integer.parseInt(o.get("traffic-pairs")),
                Integer.parseInt(o.get("traffic-groups")), Integer.parseInt(o.get("traffic-group-size")),
                Double.parseDouble(o.get("traffic-rate")), 100);
        if (shape.pairs() + shape.groups() == 0) {
            return null;
        }
        CheckedTraffic traffic = CheckedTraffic.open(gateway, gatewayUri, clients.get(clients.size() - 1), run, shape,
                Clock.systemUTC());
        traffic.rate(Double.parseDouble(o.get("traffic-warmup-rate")));
        traffic.start();
        // phase 0 warms the stack's message paths, then runs at the checked rate until what the warm-up queued is
        // delivered; phase 1 holds the sends in flight when the connector dies, and all after
        TimeUnit.MILLISECONDS.sleep((long) (Double.parseDouble(o.get("traffic-warmup")) * 1000));
        traffic.rate(shape.rate());
        TimeUnit.SECONDS.sleep(TRAFFIC_SETTLE_SECONDS);
        traffic.phase(1);
        TimeUnit.SECONDS.sleep(TRAFFIC_LEAD_SECONDS);
        return traffic;
    }

    /** Sends before the kill, and from {@link #TRAFFIC_LEAD_SECONDS} before it on; each phase's sends are checked. */
    private static final int TRAFFIC_LEAD_SECONDS = 5;
    /** At the checked rate between the warm-up's traffic and the lead. */
    private static final int TRAFFIC_SETTLE_SECONDS = 15;

    /**
     * After the kill's devices are back: {@link #TRAFFIC_LEAD_SECONDS} more of sending, then up to 60 s for every
     * send to be answered and shown on every member device; the checker's verdict on the sends from before and
     * around the kill.
     */
    private Map<String, Object> checkTraffic(CheckedTraffic traffic, long killedAtMillis) throws InterruptedException {
        TimeUnit.SECONDS.sleep(TRAFFIC_LEAD_SECONDS);
        traffic.stop();
        boolean settled = traffic.settle(60_000);
        long end = System.currentTimeMillis();
        PhaseCheck before = traffic.check(0, -1, killedAtMillis);
        PhaseCheck across = traffic.check(1, killedAtMillis, end);
        traffic.close();
        boolean intact = before.intact() && across.intact() && before.unanswered() + across.unanswered() == 0;
        line(String.format(Locale.ROOT, "Messages across the kill (%d client-SDK devices through the gateway in %s "
                + "pairs and %s groups of %s; %s msg/s for %s s, then %s msg/s for %d s and from %d s before the kill until "
                + "%d s after the last device was back; %d of them reconnected): sent %,d, stored %,d, failed %,d, unanswered %,d; **lost %,d, shown "
                + "twice %,d, out of order %,d**%s; delivery of new sends resumed %s after the kill.",
                traffic.devices(), o.get("traffic-pairs"), o.get("traffic-groups"), o.get("traffic-group-size"),
                o.get("traffic-warmup-rate"), o.get("traffic-warmup"), o.get("traffic-rate"), TRAFFIC_SETTLE_SECONDS,
                TRAFFIC_LEAD_SECONDS, TRAFFIC_LEAD_SECONDS,
                across.devicesReconnected(),
                before.sent() + across.sent(), before.stored() + across.stored(), before.failed() + across.failed(),
                before.unanswered() + across.unanswered(), before.lost() + across.lost(),
                before.twice() + across.twice(), before.outOfOrder() + across.outOfOrder(),
                settled ? "" : " (not settled after 60 s)",
                across.stallMs() == null ? "never" : String.format(Locale.ROOT, "%.1f s", across.stallMs() / 1e3)));
        List<String> examples = new ArrayList<>(before.examples());
        examples.addAll(across.examples());
        examples.forEach(e -> line("- " + e));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("devices", traffic.devices());
        t.put("beforeKill", before);
        t.put("acrossKill", across);
        t.put("settled", settled);
        t.put("intact", intact);
        return t;
    }

    /**
     * Opens {@code --warmup} devices as the steps do, in turn over every instance, lets them make
     * {@code --warmup-syncs} syncs, and closes them again, before the baseline is read.
     */
    private void warmUp(GatewayClient gateway, String run) throws InterruptedException {
        int n = Integer.parseInt(o.get("warmup"));
        if (n == 0) {
            return;
        }
        List<String> tokens = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tokens.add(gateway.devToken("w" + run + "-" + i, "d1"));
        }
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        // in turn over every instance whatever --first-share says: the survivor of a kill is warm too
        List<IdleDevice> warm = open(tokens, i -> front.next(), new LatencyRecorder(), refused, failed);
        int syncs = Integer.parseInt(o.get("warmup-syncs"));
        AtomicLong syncFailed = new AtomicLong();
        List<CompletableFuture<?>> synced = new ArrayList<>(syncs);
        for (int i = 0; i < syncs; i++) {
            String token = tokens.get(i % n);
            synced.add(CompletableFuture.runAsync(() -> syncAll(gateway, token), syncing).exceptionally(e -> {
                syncFailed.incrementAndGet();
                return null;
            }));
        }
        CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new)).join();
        CompletableFuture.allOf(warm.stream().map(IdleDevice::close).toArray(CompletableFuture[]::new)).join();
        line(String.format(Locale.ROOT, "Warm-up: %,d devices opened (%,d refused, %,d failed), %,d syncs (%,d failed), "
                + "closed before the baseline.", warm.size(), refused.get(), failed.get(), syncs, syncFailed.get()));
        line("");
        TimeUnit.SECONDS.sleep(2);
    }

    /**
     * Opens one device per token, {@code --opening} at a time and {@code --rate} a second at most, the {@code i}-th
     * at {@code place(i)}; refused upgrades (503) are counted, not retried.
     */
    private List<IdleDevice> open(List<String> tokens, IntFunction<URI> place, LatencyRecorder upgrades,
            AtomicLong refused, AtomicLong failed) throws InterruptedException {
        Semaphore opening = new Semaphore(Integer.parseInt(o.get("opening")));
        double rate = Double.parseDouble(o.get("rate"));
        long begin = System.nanoTime();
        List<IdleDevice> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            long due = begin + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            opening.acquire();
            String token = tokens.get(i);
            IdleDevice device = new IdleDevice(token, front, dial(i), timer, d -> resync(d));
            long start = System.nanoTime();
            all.add(device.connect(place.apply(i)).whenComplete((d, failure) -> {
                opening.release();
                if (failure == null) {
                    upgrades.record(System.nanoTime() - start);
                    opened.add(d);
                } else if (IdleDevice.refusal(failure) == 503) {
                    refused.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return new ArrayList<>(opened);
    }

    /** How the {@code i}-th device of a step opens its sockets: the NIO group, or one of the JDK clients in turn. */
    private IdleDevice.Dial dial(int i) {
        if (sockets != null) {
            return sockets::connect;
        }
        HttpClient http = clients.get(i % clients.size());
        return (uri, frames) -> LoadSocket.connect(http, uri, frames);
    }

    /**
     * Where the {@code k}-th device of {@code total} connects first: in turn, or with {@code --first-share} that share
     * of them on the first instance (the one {@code --kill} kills) and the rest in turn over the others.
     */
    private URI placement(int k, int total) {
        List<URI> targets = front.targets();
        if (o.get("first-share").isBlank() || targets.size() < 2) {
            return front.next();
        }
        double share = Double.parseDouble(o.get("first-share"));
        return k < Math.round(total * share) ? targets.get(0) : targets.get(1 + k % (targets.size() - 1));
    }

    /** {@code ws://localhost:<port>/ws} of a connector the local runner started (its {@code SERVER_PORT}). */
    private static URI webSocketOf(WatchedProcess connector) {
        try {
            for (String entry : new String(Files.readAllBytes(Path.of("/proc", Long.toString(connector.pid()),
                    "environ"))).split("\0")) {
                if (entry.startsWith("SERVER_PORT=")) {
                    return URI.create("ws://localhost:" + entry.substring("SERVER_PORT=".length()) + "/ws");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(connector + ": its environment cannot be read (" + e.getMessage() + ")", e);
        }
        throw new IllegalStateException(connector + ": no SERVER_PORT in its environment (not started by ./pigeon up?)");
    }

    /**
     * One step's row: memory per device over all devices open (growth since {@code before}, fixed costs of the first
     * devices included: a grown thread pool, the young generation, the code compiled for them), and over this step's
     * {@code added} devices alone (growth since {@code previous}: what one more idle device costs).
     */
    private Map<String, Object> stepRow(int open, long refused, long failed, Percentiles upgrade, double rate,
            Map<WatchedProcess, long[]> before, Map<WatchedProcess, long[]> now, int added,
            Map<WatchedProcess, long[]> previous) {
        long rss = 0;
        long heap = 0;
        long addedRss = 0;
        long addedHeap = 0;
        StringBuilder per = new StringBuilder();
        Map<String, Object> processes = new LinkedHashMap<>();
        for (Map.Entry<WatchedProcess, long[]> e : now.entrySet()) {
            long[] b = before.get(e.getKey());
            long dRss = e.getValue()[0] - b[0];
            long dHeap = e.getValue()[1] - b[1];
            rss += dRss;
            heap += dHeap;
            addedRss += e.getValue()[0] - previous.get(e.getKey())[0];
            addedHeap += e.getValue()[1] - previous.get(e.getKey())[1];
            per.append(String.format(Locale.ROOT, "%s %,.0f / %,.0f B; ", e.getKey().name(),
                    open == 0 ? 0.0 : dRss / (double) open, open == 0 ? 0.0 : dHeap / (double) open));
            processes.put(e.getKey().name(), Map.of("rssBytes", e.getValue()[0], "heapBytes", e.getValue()[1]));
        }
        double addedRssEach = added == 0 ? 0 : addedRss / (double) added;
        double addedHeapEach = added == 0 ? 0 : addedHeap / (double) added;
        line(String.format(Locale.ROOT, "| %,d | %,d | %,d | %.1f / %.1f | %,.0f | **%,.0f B** | %,.0f B | %,.0f / %,.0f B "
                + "| %s |", open, refused, failed, upgrade.p50(), upgrade.p99(), rate, open == 0 ? 0.0 : rss / (double) open,
                open == 0 ? 0.0 : heap / (double) open, addedRssEach, addedHeapEach, per));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("open", open);
        row.put("refused", refused);
        row.put("failed", failed);
        row.put("upgradeP50Ms", upgrade.p50());
        row.put("upgradeP99Ms", upgrade.p99());
        row.put("upgradesPerSecond", rate);
        row.put("rssPerDeviceBytes", open == 0 ? 0 : rss / (double) open);
        row.put("heapPerDeviceBytes", open == 0 ? 0 : heap / (double) open);
        row.put("stepRssPerDeviceBytes", addedRssEach);
        row.put("stepHeapPerDeviceBytes", addedHeapEach);
        row.put("processes", processes);
        return row;
    }

    /** CPU of the path's processes over {@code --idle-seconds} with every device pinging every {@code --ping-seconds}. */
    private Map<String, Object> idleCost(List<IdleDevice> devices, List<WatchedProcess> path) throws InterruptedException {
        long pingEvery = Long.parseLong(o.get("ping-seconds")) * 1000;
        for (int i = 0; i < devices.size(); i++) {
            IdleDevice d = devices.get(i);
            long offset = devices.isEmpty() ? 0 : pingEvery * i / devices.size();
            timer.scheduleAtFixedRate(d::ping, offset, pingEvery, TimeUnit.MILLISECONDS);
        }
        int seconds = Integer.parseInt(o.get("idle-seconds"));
        Map<WatchedProcess, Long> start = new LinkedHashMap<>();
        path.forEach(p -> start.put(p, ProcStat.cpuTicks(p.pid())));
        TimeUnit.SECONDS.sleep(seconds);
        double ticks = ResourceMeter.clockTicks();
        double cpu = 0;
        for (WatchedProcess p : path) {
            cpu += (ProcStat.cpuTicks(p.pid()) - start.get(p)) / ticks;
        }
        double perHour = devices.isEmpty() ? 0 : cpu / seconds * 3600 / devices.size();
        line("");
        line(String.format(Locale.ROOT, "Idle: %,d devices pinging every %s s cost the path %.2f CPU seconds in %d s "
                + "(%.1f %% of a core; %.3f CPU seconds per device per hour).", devices.size(), o.get("ping-seconds"),
                cpu, seconds, cpu / seconds * 100, perHour));
        return Map.of("devices", devices.size(), "cpuSeconds", cpu, "seconds", seconds, "cpuSecondsPerDeviceHour",
                perHour);
    }

    private static List<WatchedProcess> connectors(List<WatchedProcess> path) {
        return path.stream().filter(p -> p.name().startsWith("connector")).toList();
    }

    /** SIGKILL of the first connector; how long until every device it held is connected again and synced. */
    private Map<String, Object> kill(List<IdleDevice> devices, List<WatchedProcess> path) throws InterruptedException {
        List<WatchedProcess> connectors = connectors(path);
        if (connectors.size() < 2) {
            line("");
            line("Kill: skipped (" + connectors.size() + " connector instance; `./pigeon up --connectors 2` for it).");
            return Map.of("skipped", "fewer than 2 connectors");
        }
        WatchedProcess victim = connectors.get(0);
        recovered.clear();
        long killedAt;
        if ("watch".equals(o.get("kill"))) {
            killedAt = awaitDeath(victim, devices);
        } else {
            killedAt = System.nanoTime();
            ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        this.killedAt = killedAt;
        killedAtMillis = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        TimeUnit.SECONDS.sleep(2);
        long lost = devices.stream().filter(d -> d.lostAtNanos() >= killedAt).count();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(o.get("kill-wait")));
        while (System.nanoTime() < deadline && (recovered.size() < lost
                || devices.stream().filter(d -> d.lostAtNanos() >= killedAt).count() > lost)) {
            lost = devices.stream().filter(d -> d.lostAtNanos() >= killedAt).count();
            TimeUnit.MILLISECONDS.sleep(200);
        }
        double last = recovered.values().stream().mapToLong(Long::longValue).max().orElse(killedAt);
        double allBackSeconds = (last - killedAt) / 1e9;
        LatencyRecorder connectedAgain = new LatencyRecorder();
        LatencyRecorder synced = new LatencyRecorder();
        devices.stream().filter(d -> d.lostAtNanos() >= killedAt && d.backAtNanos() >= killedAt)
                .forEach(d -> connectedAgain.record(d.backAtNanos() - killedAt));
        recovered.values().forEach(at -> synced.record(at - killedAt));
        Percentiles back = connectedAgain.percentiles();
        Percentiles sync = synced.percentiles();
        long stillDown = devices.stream().filter(d -> !d.connected()).count();
        line("");
        long notSynced = Math.max(0, lost - recovered.size());
        line(String.format(Locale.ROOT, "Kill%s: `kill -9` of %s (pid %d) dropped %,d devices; %,d were connected to "
                + "another instance and synced, the last %.1f s after the kill%s; %,d still down after %s s; %,d "
                + "sync failures.", "watch".equals(o.get("kill")) ? " (by another process, watched)" : "",
                victim.name(), victim.pid(), lost, recovered.size(), allBackSeconds,
                notSynced == 0 ? "" : String.format(Locale.ROOT, "; **%,d not synced within %s s**", notSynced,
                        o.get("kill-wait")),
                stillDown, o.get("kill-wait"), syncFailures.get()));
        line(String.format(Locale.ROOT, "Connected again, s after the kill: p50 %.1f, p99 %.1f, last %.1f; synced: p50 "
                + "%.1f, p99 %.1f, last %.1f (%s sync threads).", back.p50() / 1e3, back.p99() / 1e3, back.max() / 1e3,
                sync.p50() / 1e3, sync.p99() / 1e3, sync.max() / 1e3, o.get("sync-threads")));
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("connectedAgainP50Seconds", back.p50() / 1e3);
        k.put("connectedAgainP99Seconds", back.p99() / 1e3);
        k.put("connectedAgainLastSeconds", back.max() / 1e3);
        k.put("syncedP50Seconds", sync.p50() / 1e3);
        k.put("syncedP99Seconds", sync.p99() / 1e3);
        k.put("victim", victim.name());
        k.put("dropped", lost);
        k.put("recovered", recovered.size());
        k.put("allBackSeconds", allBackSeconds);
        k.put("notSyncedInTime", notSynced);
        k.put("stillDown", stillDown);
        k.put("syncFailures", syncFailures.get());
        return k;
    }

    /**
     * {@code --kill watch}: another benchmark process kills the connector (several processes, because one holds at
     * most about 19,000 sockets here, 20,000 open files, and with {@code --client jdk} one JDK client reconnects only
     * some hundreds a second); this one waits for the death and takes the first of its devices' losses, or the moment
     * the process is gone, as the kill's time.
     */
    private long awaitDeath(WatchedProcess victim, List<IdleDevice> devices) throws InterruptedException {
        long since = System.nanoTime();
        long deadline = since + TimeUnit.SECONDS.toNanos(Long.parseLong(o.get("kill-wait")));
        while (System.nanoTime() < deadline && ProcessHandle.of(victim.pid()).map(ProcessHandle::isAlive).orElse(false)
                && devices.stream().noneMatch(d -> d.lostAtNanos() >= since)) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return devices.stream().mapToLong(IdleDevice::lostAtNanos).filter(t -> t >= since).min()
                .orElse(System.nanoTime());
    }

    private final Map<IdleDevice, Long> recovered = new ConcurrentHashMap<>();
    private Balancer front;
    private final AtomicLong syncFailures = new AtomicLong();
    private volatile long killedAt = Long.MAX_VALUE;
    /** {@link #killedAt} as an epoch millisecond, the checked traffic's clock. */
    private long killedAtMillis = -1;

    /** A device is back after its connection was lost: it syncs (every page, each acking the previous). */
    private void resync(IdleDevice device) {
        syncing.execute(() -> {
            GatewayClient gateway = new GatewayClient(URI.create(o.get("gateway").replaceAll("/+$", "")), clients.get(0));
            try {
                syncAll(gateway, device.token());
                if (device.lostAtNanos() >= killedAt) {
                    recovered.put(device, System.nanoTime());
                }
            } catch (RuntimeException e) {
                syncFailures.incrementAndGet();
            }
        });
    }

    /** Every page of a device's sync, each request acknowledging the page before it (PROTOCOL.md §4). */
    private static void syncAll(GatewayClient gateway, String token) {
        String ack = null;
        do {
            ack = gateway.sync(token, ack).next();
        } while (ack != null);
    }

    /** RSS and heap after a full GC ({@code jcmd}), per process of the path. */
    private static Map<WatchedProcess, long[]> memory(List<WatchedProcess> path) {
        Map<WatchedProcess, long[]> m = new LinkedHashMap<>();
        for (WatchedProcess p : path) {
            jcmd(p.pid(), "GC.run");
            m.put(p, new long[] {ProcStat.rssBytes(p.pid()), heapUsed(jcmd(p.pid(), "GC.heap_info"))});
        }
        return m;
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /** The sum of the generations' "used NK" in a {@code GC.heap_info} answer (metaspace lines left out). */
    static long heapUsed(String heapInfo) {
        long used = 0;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = USED.matcher(line);
            if (m.find()) {
                used += Long.parseLong(m.group(1)) * 1024;
            }
        }
        return used;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String ulimit() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                    .map(l -> l.replaceAll("\\s+", " ").replace("Max open files ", "")).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private void line(String s) {
        System.out.println(s);
        summary.append(s).append('\n');
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
