package io.pigeonim.connector.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.pigeonim.testsupport.LoadSocket;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.connector.bench.PushDriver.Conversation;
import io.pigeonim.testsupport.StandInMessageService;
import io.pigeonim.testsupport.TestInfra;

/**
 * Push hop (issue 5): messages per second delivered to devices through {@code POST /internal/v1/push}, and the hop's
 * latency (POST sent → frame received by the device), with the devices on 1 and on 2 connector-service instances
 * (their own JVMs). Baselines in the same run, on the same instances: the same requests addressed to users with no
 * connection (HTTP + JSON without the WebSocket writes), and at light load a bare POST round trip and a WebSocket
 * ping round trip. Usage: {@code connector-service/bench/run.sh push [-Dbench.seconds=10] [-Dbench.devices=200]}.
 */
public final class PushBench {

    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 3);
    private static final int DEVICES = Integer.getInteger("bench.devices", 200);
    /** message-service's consumer threads (pigeon.message.consumer-concurrency). */
    private static final int CONSUMERS = Integer.getInteger("bench.consumers", 2);
    private static final int BATCH = Integer.getInteger("bench.batch", 100);
    private static final int ACK_EVERY = Integer.getInteger("bench.ackEvery", 128);
    private static final int ACK_MILLIS = Integer.getInteger("bench.ackMillis", 1000);
    private static final int LIGHT_INTERVAL_MS = Integer.getInteger("bench.lightIntervalMs", 10);
    private static final int CONTENT_BYTES = Integer.getInteger("bench.contentBytes", 100);
    private static final String HEAP = System.getProperty("bench.connectorHeap", "384m");

    /** One configuration's figures. */
    private record Row(int instances, Throughput bare, Throughput messages, Throughput writes, Throughput deliveries,
            Throughput lightHop, Throughput lightPost, Throughput lightPing, String acks, long duplicates,
            long errors) {
    }

    private PushBench() {
    }

    public static void main(String[] args) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String kafka = TestInfra.kafkaBootstrapServers();
        List<Row> rows = new ArrayList<>();
        // message-service's acks answered at once, every ack recorded: its MySQL cost is not in the push figures; one ack
        // in flight per device connection, so the JDK server keeps them all open instead of its 200
        try (StandInMessageService acks = StandInMessageService.builder().idleConnections(20_000).threads(2).start();
                ConnectorProcess a = ConnectorProcess.start("push-a", HEAP, kafka, "bench.push." + run, acks.url(),
                        List.of());
                ConnectorProcess b = ConnectorProcess.start("push-b", HEAP, kafka, "bench.push." + run, acks.url(),
                        List.of())) {
            rows.add(measure(run, List.of(a)));
            rows.add(measure(run, List.of(a, b)));
            System.out.println("ack requests answered by the stand-in: " + acks.calls());
        }
        report(rows);
        System.exit(0);
    }

    private static Row measure(String run, List<ConnectorProcess> instances) throws Exception {
        int k = instances.size();
        List<Conversation> online = new ArrayList<>();
        List<Conversation> offline = new ArrayList<>();
        Map<String, ConnectorProcess> placement = new HashMap<>();
        for (int c = 0; c < DEVICES / 2; c++) {
            String a = "p" + run + "k" + k + "-" + (2 * c);
            String b = "p" + run + "k" + k + "-" + (2 * c + 1);
            // half the conversations have both members on one instance, half one on each: what spreading gives
            ConnectorProcess first = instances.get(c / 2 % k);
            ConnectorProcess second = c % 2 == 0 ? first : instances.get((c / 2 + 1) % k);
            online.add(conversation(a, b, placement, first, second));
            offline.add(conversation("off" + a, "off" + b, placement, first, second));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> uids = online.stream().flatMap(c -> java.util.stream.Stream.of(c.a(), c.b())).toList();
        List<ProcessHandle> watched = new ArrayList<>(instances.stream().map(ConnectorProcess::handle).toList());
        double retransmitsBefore = retransmits(instances);
        try (PushDevices devices = PushDevices.connect(http, uids, placement::get, ACK_EVERY, ACK_MILLIS)) {
            PushDriver driver = new PushDriver(http, placement::get, CONTENT_BYTES);
            Throughput bare = new Throughput(watched);
            closedLoop(driver, offline, bare, new Throughput(), null, null);
            Throughput messages = new Throughput(watched);
            Throughput writes = new Throughput();
            Throughput deliveries = new Throughput();
            closedLoop(driver, online, messages, writes, devices, deliveries);
            Throughput hop = new Throughput();
            Throughput post = new Throughput();
            Throughput ping = new Throughput();
            lightLoad(driver, online, offline, devices, hop, post, ping);
            String acks = String.format(Locale.ROOT, "%,d ack_ok, ack→ack_ok p50 / p99 %s, %,.0f retransmissions%s",
                    devices.acksOk(), devices.ackRoundTrips().p50p99(), retransmits(instances) - retransmitsBefore,
                    devices.firstError() == null ? "" : ", first error frame: " + devices.firstError());
            return new Row(k, bare, messages, writes, deliveries, hop, post, ping, acks, devices.duplicates(),
                    devices.errors());
        }
    }

    private static double retransmits(List<ConnectorProcess> instances) throws Exception {
        double sum = 0;
        for (ConnectorProcess instance : instances) {
            sum += instance.metric("pigeon_connector_retransmits_total");
        }
        return sum;
    }

    private static Conversation conversation(String a, String b, Map<String, ConnectorProcess> placement,
            ConnectorProcess first, ConnectorProcess second) {
        placement.put(a, first);
        placement.put(b, second);
        return new Conversation(ConversationId.direct(a, b).value(), a, b);
    }

    private static void closedLoop(PushDriver driver, List<Conversation> conversations, Throughput messages,
            Throughput writes, PushDevices devices, Throughput deliveries) throws InterruptedException {
        if (devices != null) {
            devices.meter(deliveries);
        }
        List<Thread> consumers = driver.start(conversations, CONSUMERS, BATCH, messages, writes);
        TimeUnit.SECONDS.sleep(WARMUP);
        messages.begin();
        writes.begin();
        if (deliveries != null) {
            deliveries.begin();
        }
        TimeUnit.SECONDS.sleep(SECONDS);
        messages.end();
        writes.end();
        if (deliveries != null) {
            deliveries.end();
        }
        driver.stop(consumers);
        TimeUnit.MILLISECONDS.sleep(500);
    }

    /**
     * Every {@link #LIGHT_INTERVAL_MS}: one message pushed to online devices (hop latency at the device), the same
     * request to users with no connection (bare POST round trip), and a ping on one device (WebSocket round trip).
     */
    private static void lightLoad(PushDriver driver, List<Conversation> online, List<Conversation> offline,
            PushDevices devices, Throughput hop, Throughput post, Throughput ping) throws InterruptedException {
        devices.meter(hop);
        AtomicInteger tick = new AtomicInteger();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        clock.scheduleAtFixedRate(() -> {
            int i = tick.getAndIncrement();
            driver.push(List.of(online.get(i % online.size())), null);
            driver.push(List.of(offline.get(i % offline.size())), post);
            devices.device(i % devices.size()).ping().thenAccept(ping::completed);
        }, 0, LIGHT_INTERVAL_MS, TimeUnit.MILLISECONDS);
        TimeUnit.SECONDS.sleep(WARMUP);
        hop.begin();
        post.begin();
        ping.begin();
        TimeUnit.SECONDS.sleep(SECONDS);
        hop.end();
        post.end();
        ping.end();
        clock.shutdownNow();
        clock.awaitTermination(5, TimeUnit.SECONDS);
        TimeUnit.MILLISECONDS.sleep(500);
    }

    private static void report(List<Row> rows) {
        System.out.println();
        System.out.printf(Locale.ROOT, "=== push hop: %d devices in %d one-to-one conversations, %d consumer loops x "
                        + "batches of %d messages, devices ack every %d messages or %d ms, light load 1 message per %d "
                        + "ms, %d s measured after %d s warm-up per phase, connectors -Xmx%s, load %.1f%n", DEVICES,
                DEVICES / 2, CONSUMERS, BATCH, ACK_EVERY, ACK_MILLIS, LIGHT_INTERVAL_MS, SECONDS, WARMUP, HEAP,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| instances | bare POSTs (no connection) messages/s | pushed messages/s | ÷ bare | frames "
                + "delivered/s (writes/s) | hop p50 / p99 under load | connector cores busy (bare / push) | connector "
                + "CPU per message (bare / push) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | **%.2f** | %,.0f (%,.0f) | %s | %.2f / %.2f "
                            + "| %.0f / %.0f µs |%n", r.instances(), r.bare().perSecond(), r.messages().perSecond(),
                    r.messages().perSecond() / r.bare().perSecond(), r.deliveries().perSecond(),
                    r.writes().perSecond(), r.deliveries().latencies().p50p99(), cores(r.bare(), r.instances()),
                    cores(r.messages(), r.instances()), cpuMicrosEach(r.bare(), r.instances()),
                    cpuMicrosEach(r.messages(), r.instances()));
        }
        System.out.println();
        System.out.println("| instances | light load: push hop p50 / p99 | bare POST round trip p50 / p99 | ping round "
                + "trip p50 / p99 | hop p50 ÷ POST p50 |");
        System.out.println("|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | **%.2f** |%n", r.instances(),
                    r.lightHop().latencies().p50p99(), r.lightPost().latencies().p50p99(),
                    r.lightPing().latencies().p50p99(),
                    r.lightHop().latencies().percentileMillis(50) / r.lightPost().latencies().percentileMillis(50));
        }
        rows.forEach(r -> System.out.println(r.instances() + " instance(s), whole row: " + r.acks()));
        System.out.println("failed pushes: " + rows.stream().mapToLong(r -> r.bare().failures()
                + r.messages().failures()).sum() + ", duplicate or out-of-order frames: "
                + rows.stream().mapToLong(Row::duplicates).sum() + ", error frames: "
                + rows.stream().mapToLong(Row::errors).sum() + ", undecodable frames: " + LoadSocket.UNDECODABLE.get());
    }

    private static double cpuMicrosEach(Throughput t, int instances) {
        double sum = 0;
        for (int i = 0; i < instances; i++) {
            sum += t.cpuMicrosEach(i);
        }
        return sum;
    }

    private static double cores(Throughput t, int instances) {
        double sum = 0;
        for (int i = 0; i < instances; i++) {
            sum += t.cores(i);
        }
        return sum;
    }
}
