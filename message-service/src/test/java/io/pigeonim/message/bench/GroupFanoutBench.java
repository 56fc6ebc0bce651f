package io.pigeonim.message.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.redis.RedisKeys;
import io.pigeonim.message.MessageApplication;
import io.pigeonim.testsupport.StandInConnector;
import io.pigeonim.testsupport.StandInSeqService;
import io.pigeonim.message.member.Members;
import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import io.pigeonim.testsupport.TestTrust;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A 500-member group (100 members online, 50 on each of 2 stand-in connector instances) receiving 20 messages/s for
 * {@code bench.seconds}; every online device acknowledges every message it gets, one request each (the worst case for
 * cursor writes). Run twice: ack flush window 100 ms (batching on) and 0 (off). Prints pushes/s, push latency
 * (uplink sendTime → connector receipt), ack requests and cursor writes per second, and the member cache's memory.
 *
 * <p>Real Kafka (in-process KRaft), MySQL (fresh database) and Redis; seq-service and connectors are in-process HTTP
 * stand-ins. Usage: {@code message-service/bench/run.sh [-Dbench.seconds=30] [-Dbench.rate=20]}.
 */
public final class GroupFanoutBench {

    private static final int MEMBERS = Integer.getInteger("bench.members", 500);
    private static final int ONLINE = Integer.getInteger("bench.online", 100);
    private static final int RATE = Integer.getInteger("bench.rate", 20);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    private static final int WARMUP_SECONDS = 5;
    /** 0: every device acknowledges every message at once; > 0: one cumulative ack per device this often; < 0: none. */
    private static final int ACK_MILLIS = Integer.getInteger("bench.ackMillis", 0);
    /** Acknowledgements in flight at most (the devices' connections are few per connector in reality). */
    private static final int ACKS_IN_FLIGHT = Integer.getInteger("bench.acksInFlight", 64);

    private GroupFanoutBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String kafka = TestInfra.kafkaBootstrapServers();
        List<String> report = new ArrayList<>();
        report.add(memberCacheMemory());
        for (String window : List.of("100ms", "0ms")) {
            report.add(run(kafka, window));
        }
        System.out.println();
        System.out.println("=== groups benchmark: " + MEMBERS + " members, " + ONLINE + " online on 2 connectors, " + RATE
                + " msg/s, devices ack " + (ACK_MILLIS == 0 ? "every message" : ACK_MILLIS < 0 ? "never" : "every " + ACK_MILLIS + " ms") + " ("
                + ACKS_IN_FLIGHT + " in flight at most), " + SECONDS + " s measured (after " + WARMUP_SECONDS + " s warm-up), load "
                + String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        report.forEach(System.out::println);
        System.exit(0);
    }

    private static String run(String kafka, String window) throws Exception {
        StandInSeqService seq = new StandInSeqService();
        StandInConnector a = new StandInConnector();
        StandInConnector b = new StandInConnector();
        a.recording(false);
        b.recording(false);
        TestDatabase db = TestInfra.freshDatabase("bench_groups");
        String topic = "bench-uplink-" + UUID.randomUUID();
        // command-line arguments: they win over application.yml (builder properties would not)
        ConfigurableApplicationContext app = new SpringApplicationBuilder(MessageApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--spring.data.redis.host=" + TestInfra.redisHost(),
                "--spring.data.redis.port=" + TestInfra.redisPort(),
                "--pigeon.message.uplink-topic=" + topic,
                "--pigeon.message.dead-letter-topic=" + topic + ".dlt",
                "--pigeon.message.consumer-group=bench-" + UUID.randomUUID(),
                "--pigeon.message.seq-url=" + seq.url(),
                "--pigeon.message.ack-flush-window=" + window,
                "--logging.level.root=WARN");
        String datasource = app.getEnvironment().getProperty("spring.datasource.url");
        if (!db.jdbcUrl().equals(datasource)) {
            throw new IllegalStateException("benchmark would write to " + datasource);
        }
        try {
            return measure(app, kafka, topic, window, a, b);
        } finally {
            app.close();
            a.close();
            b.close();
            seq.close();
        }
    }

    private static String measure(ConfigurableApplicationContext app, String kafka, String topic, String window,
            StandInConnector a, StandInConnector b) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        String base = "http://localhost:" + port;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            uids.add("u" + run + "-" + i);
        }
        String conversation = createGroup(http, base, uids);
        StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
        for (int i = 0; i < ONLINE; i++) {
            StandInConnector connector = i % 2 == 0 ? a : b;
            redis.opsForHash().put(RedisKeys.route(uids.get(i)), "d1", connector.id());
            redis.expire(RedisKeys.route(uids.get(i)), Duration.ofMinutes(30));
            redis.opsForValue().set(RedisKeys.connector(connector.id()), connector.url(), Duration.ofMinutes(30));
        }
        Stats stats = new Stats();
        for (StandInConnector connector : List.of(a, b)) {
            connector.listener(request -> stats.received(request, http, base));
        }
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        ScheduledExecutorService ackTimer = Executors.newSingleThreadScheduledExecutor();
        if (ACK_MILLIS > 0) {
            stats.ackPeriodically(ackTimer, http, base);
        }
        try (KafkaProducer<byte[], byte[]> producer = BenchProducer.open(kafka)) {
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            AtomicLong sent = new AtomicLong();
            clock.scheduleAtFixedRate(() -> {
                try {
                    send(producer, topic, conversation, uids, sent.incrementAndGet());
                } catch (RuntimeException e) {
                    e.printStackTrace();
                }
            }, 0, 1_000_000 / RATE, TimeUnit.MICROSECONDS);
            TimeUnit.SECONDS.sleep(WARMUP_SECONDS);
            stats.reset();
            double writes0 = meters.get("pigeon.message.cursor.writes").counter().count();
            double rows0 = meters.get("pigeon.message.cursor.rows").counter().count();
            long started = System.nanoTime();
            TimeUnit.SECONDS.sleep(SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            double writes = meters.get("pigeon.message.cursor.writes").counter().count() - writes0;
            double rows = meters.get("pigeon.message.cursor.rows").counter().count() - rows0;
            clock.shutdownNow();
            ackTimer.shutdownNow();
            return stats.line(window, seconds, writes, rows) + String.format(Locale.ROOT,
                    " | sent %d, stored %.0f, dead-lettered %.0f, failed pushes %.0f", sent.get(),
                    meters.get("pigeon.message.stored").counter().count(),
                    meters.get("pigeon.message.deadletters").counter().count(),
                    meters.get("pigeon.message.pushes.failed").counter().count());
        }
    }

    /** Message {@code i}, from one of 10 senders. */
    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String conversation, List<String> uids,
            long i) {
        String sender = uids.get((int) (i % 10));
        UplinkMessage message = new UplinkMessage(MessageIds.of(sender, "b" + i), conversation, sender, "d1",
                "b" + i, "text", "bench message " + i, System.currentTimeMillis());
        producer.send(new ProducerRecord<>(topic, conversation.getBytes(StandardCharsets.UTF_8),
                UplinkMessageCodec.encode(message)));
    }

    private static String createGroup(HttpClient http, String base, List<String> uids) throws Exception {
        StringBuilder body = new StringBuilder("{\"name\":\"bench\",\"members\":[");
        for (int i = 1; i < uids.size(); i++) {
            body.append(i > 1 ? "," : "").append('"').append(uids.get(i)).append('"');
        }
        body.append("]}");
        HttpResponse<String> created = http.send(TestTrust.as(uids.get(0), "d1",
                HttpRequest.newBuilder(URI.create(base + "/api/v1/groups")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("group not created: " + created.body());
        }
        return PigeonJson.mapper().readTree(created.body()).path("conversationId").asString();
    }

    /** Heap held by cached member lists of {@code MEMBERS} members (uids like real ones, one String each). */
    private static String memberCacheMemory() {
        int groups = 200;
        List<Members> held = new ArrayList<>(groups);
        long before = usedHeap();
        for (int g = 0; g < groups; g++) {
            Map<String, Long> members = new HashMap<>();
            for (int i = 0; i < MEMBERS; i++) {
                members.put(new String("user-" + g + "-" + i), (long) i);
            }
            held.add(Members.of(1, members));
        }
        long after = usedHeap();
        double perGroup = (after - before) / (double) groups;
        return String.format(Locale.ROOT, "member cache: %d groups x %d members = %.1f MB, %.1f KB per group, %.0f bytes "
                + "per member (uids of %d-%d chars)", groups, MEMBERS, (after - before) / 1e6, perGroup / 1024,
                perGroup / MEMBERS, ("user-0-0").length(), ("user-199-" + (MEMBERS - 1)).length())
                + (held.stream().mapToInt(Members::size).sum() == groups * MEMBERS ? "" : " (incomplete)");
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** What the stand-in connectors saw, and the acks the devices sent back. */
    private static final class Stats {

        private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<Long> ackLatencies = new ConcurrentLinkedQueue<>();
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong deliveries = new AtomicLong();
        private final AtomicLong acksOk = new AtomicLong();
        private final AtomicLong acksFailed = new AtomicLong();
        private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(ACKS_IN_FLIGHT);
        private final java.util.concurrent.ConcurrentHashMap<String, Long> latestSeq = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.ConcurrentHashMap<String, Long> ackedSeq = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile String conversation;
        private final java.util.concurrent.ExecutorService ackSender = Executors.newSingleThreadExecutor();

        /** Client-side ack batching: every {@code ACK_MILLIS}, one cumulative ack per device that got something new. */
        void ackPeriodically(ScheduledExecutorService timer, HttpClient http, String base) {
            timer.scheduleAtFixedRate(() -> latestSeq.forEach((uid, seq) -> {
                if (!seq.equals(ackedSeq.put(uid, seq))) {
                    ack(http, base, uid, conversation, seq);
                }
            }), ACK_MILLIS, ACK_MILLIS, TimeUnit.MILLISECONDS);
        }

        void reset() {
            latencies.clear();
            ackLatencies.clear();
            requests.set(0);
            deliveries.set(0);
            acksOk.set(0);
            acksFailed.set(0);
        }

        void received(PushRequest request, HttpClient http, String base) {
            long now = System.currentTimeMillis();
            requests.incrementAndGet();
            for (PushRequest.Push push : request.pushes()) {
                if (push.frame() instanceof ServerFrame.MessageFrame message) {
                    latencies.add(now - message.sendTime());
                    deliveries.addAndGet(push.uids().size());
                    conversation = message.conversationId();
                    for (String uid : push.uids()) {
                        if (ACK_MILLIS < 0) {
                            continue;
                        } else if (ACK_MILLIS == 0) {
                            // not on the connector's thread: a slow ack must not slow the push down
                            ackSender.execute(() -> ack(http, base, uid, message.conversationId(), message.seq()));
                        } else {
                            latestSeq.merge(uid, message.seq(), Math::max);
                        }
                    }
                }
            }
        }

        private void ack(HttpClient http, String base, String uid, String conversationId, long seq) {
            inFlight.acquireUninterruptibly();
            long start = System.nanoTime();
            byte[] body = PigeonJson.mapper().writeValueAsBytes(new AckRequest(uid, "d1",
                    List.of(new AckEntry(conversationId, seq))));
            http.sendAsync(TestTrust.internalPost(URI.create(base + "/internal/v1/acks"),
                            new String(body, java.nio.charset.StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                        inFlight.release();
                        if (error == null && response.statusCode() == 200) {
                            acksOk.incrementAndGet();
                            ackLatencies.add((System.nanoTime() - start) / 1_000_000);
                        } else if (acksFailed.incrementAndGet() <= 3) {
                            System.out.println("ack failed: " + (error != null ? error : response.statusCode()));
                        }
                    });
        }

        String line(String window, double seconds, double writes, double rows) {
            List<Long> push = sorted(latencies);
            List<Long> ack = sorted(ackLatencies);
            return String.format(Locale.ROOT, "ack window %-5s | push requests %.1f/s, member deliveries %.0f/s | push "
                    + "latency p50 %d ms, p99 %d ms | acks ok %.0f/s (failed %d), ack latency p50 %d ms, p99 %d ms | "
                    + "cursor writes %.1f statements/s, %.0f rows/s", window, requests.get() / seconds,
                    deliveries.get() / seconds, pct(push, 50), pct(push, 99), acksOk.get() / seconds, acksFailed.get(),
                    pct(ack, 50), pct(ack, 99), writes / seconds, rows / seconds);
        }

        private static List<Long> sorted(ConcurrentLinkedQueue<Long> values) {
            List<Long> list = new ArrayList<>(values);
            list.sort(null);
            return list;
        }

        private static long pct(List<Long> sorted, int percentile) {
            return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
        }
    }
}
