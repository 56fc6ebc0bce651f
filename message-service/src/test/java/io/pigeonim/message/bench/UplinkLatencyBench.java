package io.pigeonim.message.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.redis.RedisKeys;
import io.pigeonim.message.MessageApplication;
import io.pigeonim.message.MessageServiceInstance;
import io.pigeonim.testsupport.StandInConnector;
import io.pigeonim.testsupport.StandInSeqService;
import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * message-service's part of one message's path, measured from outside: one-to-one messages at {@code bench.rate}
 * per second into a message-service running in a JVM of its own; the time from the broker's acknowledgement of the
 * send (producer callback) to the push's arrival at a stand-in connector, message-service's CPU per message, its
 * HTTP client threads, and its own {@code pigeon_message_*} timers as scraped from {@code /actuator/prometheus}.
 *
 * <p>In this JVM: a real KRaft broker, HTTP stand-ins for seq-service and the connector (JDK HttpServer with
 * TCP_NODELAY), the producer. Fresh database on the local MySQL, the local Redis. Usage:
 * {@code message-service/bench/run.sh latency [-Dbench.rate=5] [-Dbench.seconds=20] [-Dbench.jfr=/tmp/x.jfr]}
 * ({@code bench.seqUrl} points at a real seq-service instead of the stand-in; {@code bench.serviceArgs} adds
 * {@code --name=value} arguments of message-service, separated by spaces).
 */
public final class UplinkLatencyBench {

    private static final int RATE = Integer.getInteger("bench.rate", 5);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 5);
    private static final int CONVERSATIONS = Integer.getInteger("bench.conversations", 50);
    private static final String JFR = System.getProperty("bench.jfr", "");
    private static final String SEQ_URL = System.getProperty("bench.seqUrl", "");
    /** More {@code --name=value} arguments for message-service, separated by spaces. */
    private static final String SERVICE_ARGS = System.getProperty("bench.serviceArgs", "");
    private static final Pattern THREAD = Pattern.compile("^\"([^\"]+)\"");
    private static final Pattern LAST_NUMBER = Pattern.compile("(\\d+)$");

    private final ConcurrentHashMap<String, Long> acked = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> produced = new ConcurrentLinkedQueue<>();
    private final AtomicLong pushed = new AtomicLong();
    private volatile boolean measuring;

    private UplinkLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        new UplinkLatencyBench().run();
        System.exit(0);
    }

    private void run() throws Exception {
        String kafka = TestInfra.kafkaBootstrapServers();
        try (StandInSeqService seq = new StandInSeqService(); StandInConnector connector = new StandInConnector()) {
            connector.recording(false);
            connector.listener(this::received);
            TestDatabase db = TestInfra.freshDatabase("bench_latency");
            String topic = "bench-latency-" + UUID.randomUUID();
            int port = TestInfra.freePort();
            int managementPort = TestInfra.freePort();
            Process service = startService(db, kafka, topic, SEQ_URL.isEmpty() ? seq.url() : SEQ_URL, port,
                    managementPort);
            try {
                awaitReady(managementPort, service);
                List<String[]> pairs = onlinePairs(connector);
                String report = measure(kafka, topic, pairs, service, managementPort);
                System.out.println();
                System.out.println(report);
            } finally {
                service.destroy();
                service.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startService(TestDatabase db, String kafka, String topic, String seqUrl, int port,
            int managementPort) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                // compiler threads stay alive, so that their CPU is counted as JIT and not lost when they end
                "-Xmx512m", "-XX:-UseDynamicNumberOfCompilerThreads", "-cp", System.getProperty("java.class.path")));
        if (!JFR.isEmpty()) {
            command.add("-XX:StartFlightRecording=filename=" + JFR + ",settings=profile");
        }
        command.add(MessageApplication.class.getName());
        command.addAll(MessageServiceInstance.arguments(db, kafka, topic, "bench-" + UUID.randomUUID(), seqUrl));
        command.addAll(List.of("--server.port=" + port, "--management.server.port=" + managementPort,
                "--logging.level.root=WARN"));
        if (!SERVICE_ARGS.isBlank()) {
            command.addAll(List.of(SERVICE_ARGS.trim().split("\\s+")));
        }
        File log = new File(System.getProperty("java.io.tmpdir"), "bench-latency-message-service.log");
        System.out.println("message-service log: " + log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static void awaitReady(int managementPort, Process service) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("message-service exited with " + service.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("message-service not ready after 120 s");
    }

    /** Both members of every conversation online on the one stand-in connector. */
    private static List<String[]> onlinePairs(StandInConnector connector) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String[]> pairs = new ArrayList<>();
        RedisClient client = RedisClient.create("redis://" + TestInfra.redisHost() + ":" + TestInfra.redisPort());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().setex(RedisKeys.connector(connector.id()), 3600, connector.url());
            for (int i = 0; i < CONVERSATIONS; i++) {
                String[] pair = {"a" + run + "-" + i, "b" + run + "-" + i};
                for (String uid : pair) {
                    redis.sync().hset(RedisKeys.route(uid), "d1", connector.id());
                    redis.sync().expire(RedisKeys.route(uid), 3600);
                }
                pairs.add(pair);
            }
        } finally {
            client.shutdown();
        }
        return pairs;
    }

    private String measure(String kafka, String topic, List<String[]> pairs, Process service, int managementPort)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = BenchProducer.open(kafka)) {
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            AtomicLong sent = new AtomicLong();
            clock.scheduleAtFixedRate(() -> send(producer, topic, pairs, sent.incrementAndGet()), 0,
                    1_000_000 / RATE, TimeUnit.MICROSECONDS);
            TimeUnit.SECONDS.sleep(WARMUP_SECONDS);
            latencies.clear();
            produced.clear();
            pushed.set(0);
            measuring = true;
            Duration cpu0 = cpu(service);
            long[] warming0 = jitAndGcTicks(service);
            String before = scrape(managementPort);
            long started = System.nanoTime();
            TimeUnit.SECONDS.sleep(SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            Duration cpu = cpu(service).minus(cpu0);
            long[] warming = jitAndGcTicks(service);
            double jitMs = (warming[0] - warming0[0]) * 10.0;
            double gcMs = (warming[1] - warming0[1]) * 10.0;
            String after = scrape(managementPort);
            measuring = false;
            clock.shutdownNow();
            long messages = pushed.get();
            List<Long> sorted = new ArrayList<>(latencies);
            sorted.sort(null);
            List<Long> sends = new ArrayList<>(produced);
            sends.sort(null);
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                    "=== uplink latency: %d msg/s offered over %d conversations, %.0f s measured (after %d s warm-up), "
                            + "load %.1f, seq %s%n"
                            + "pushed %d (%.1f/s) | broker ack -> push received p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, "
                            + "max %.2f ms | message-service CPU %.0f ms = %.3f ms per message (%.2f cores), of which JIT "
                            + "%.0f ms, GC %.0f ms; without them %.3f ms per message%n"
                            + "producer send -> broker ack p50 %.2f ms, p99 %.2f ms (part of records.received below)%n",
                    RATE, pairs.size(), seconds, WARMUP_SECONDS,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    SEQ_URL.isEmpty() ? "stand-in" : SEQ_URL, messages, messages / seconds, pct(sorted, 50),
                    pct(sorted, 90), pct(sorted, 99), pct(sorted, 100), cpu.toNanos() / 1e6,
                    messages == 0 ? 0 : cpu.toNanos() / 1e6 / messages, cpu.toNanos() / 1e9 / seconds, jitMs, gcMs,
                    messages == 0 ? 0 : (cpu.toNanos() / 1e6 - jitMs - gcMs) / messages, pct(sends, 50),
                    pct(sends, 99)));
            report.append(threads(service)).append(timers(before, after));
            return report.toString();
        }
    }

    private void send(KafkaProducer<byte[], byte[]> producer, String topic, List<String[]> pairs, long i) {
        String[] pair = pairs.get((int) (i % pairs.size()));
        String sender = pair[(int) (i / pairs.size() % 2)];
        String conversation = ConversationId.direct(pair[0], pair[1]).value();
        UplinkMessage message = new UplinkMessage(MessageIds.of(sender, "l" + i), conversation, sender, "d1", "l" + i,
                "text", "latency message " + i, System.currentTimeMillis());
        long sent = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, conversation.getBytes(StandardCharsets.UTF_8),
                UplinkMessageCodec.encode(message)), (metadata, error) -> {
                    if (error == null) {
                        long now = System.nanoTime();
                        acked.put(message.msgId(), now);
                        if (measuring) {
                            produced.add(now - sent);
                        }
                    }
                });
    }

    private void received(PushRequest request) {
        long now = System.nanoTime();
        for (PushRequest.Push push : request.pushes()) {
            if (push.frame() instanceof ServerFrame.MessageFrame message) {
                Long ack = acked.remove(message.msgId());
                if (ack != null && measuring) {
                    latencies.add(now - ack);
                    pushed.incrementAndGet();
                }
            }
        }
    }

    private static Duration cpu(Process service) {
        return service.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * CPU of the service's JIT compiler and GC threads, in clock ticks (Linux {@code /proc}): what a short run spends
     * on warming up, not on messages. Threads that ended are missing here but not from {@link #cpu}.
     */
    private static long[] jitAndGcTicks(Process service) {
        long[] ticks = new long[2]; // clock ticks of 10 ms (CLK_TCK 100)
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(service.pid()), "task"))) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    if (name.contains("CompilerThre")) {
                        ticks[0] += used;
                    } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                        ticks[1] += used;
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            return ticks;
        }
        return ticks;
    }

    /** The service's HTTP client threads by name (numbers folded), with the highest number: churn shows as high numbers. */
    private static String threads(Process service) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(service.pid()), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        Map<String, long[]> byName = new TreeMap<>();
        for (String line : dump.split("\n")) {
            Matcher m = THREAD.matcher(line);
            if (m.find() && m.group(1).toLowerCase(Locale.ROOT).contains("http")) {
                Matcher last = LAST_NUMBER.matcher(m.group(1));
                long[] seen = byName.computeIfAbsent(m.group(1).replaceAll("\\d+", "N"), k -> new long[2]);
                seen[0]++;
                seen[1] = Math.max(seen[1], last.find() ? Long.parseLong(last.group(1)) : 0);
            }
        }
        StringBuilder out = new StringBuilder("HTTP client threads alive (name: count, highest number):");
        byName.forEach((name, seen) -> out.append(' ').append(name).append(": ").append(seen[0]).append(", #")
                .append(seen[1]).append(';'));
        return out.append(System.lineSeparator()).toString();
    }

    private static String scrape(int managementPort) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** message-service's own timers over the measured window: count, mean and percentiles from the histograms. */
    private static String timers(String before, String after) {
        Map<String, TreeMap<Double, Double>> start = HopHistograms.parse(before);
        StringBuilder out = new StringBuilder("message-service timers, measured window (percentiles from the buckets):");
        HopHistograms.parse(after).forEach((series, buckets) -> {
            TreeMap<Double, Double> window = HopHistograms.minus(buckets, start.getOrDefault(series, new TreeMap<>()));
            double count = window.lastEntry().getValue();
            if (count > 0) {
                out.append(System.lineSeparator()).append(String.format(Locale.ROOT,
                        "  %-75s n %6.0f | p50 %7.2f ms | p99 %7.2f ms | p99.9 %7.2f ms", series, count,
                        HopHistograms.quantile(window, 0.5) * 1000, HopHistograms.quantile(window, 0.99) * 1000,
                        HopHistograms.quantile(window, 0.999) * 1000));
            }
        });
        return out.toString();
    }

    private static double pct(List<Long> sorted, int percentile) {
        return sorted.isEmpty() ? -1
                : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
