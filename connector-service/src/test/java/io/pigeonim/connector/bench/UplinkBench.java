package io.pigeonim.connector.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.pigeonim.testsupport.LoadSocket;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.testsupport.TestInfra;

/**
 * Uplink acceptance (issue 3): sends per second answered by {@code send_ack}, with 1 and with 100 pipelined
 * connections to one connector-service instance (its own JVM, real Kafka in this JVM), next to a raw
 * {@link KafkaProducer} with the connector's producer settings sending the same records to the same broker with the
 * same number of sends in flight. Usage: {@code connector-service/bench/run.sh uplink [-Dbench.seconds=10]
 * [-Dbench.connections=1,100] [-Dbench.window=256]}.
 */
public final class UplinkBench {

    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 3);
    private static final int WINDOW = Integer.getInteger("bench.window", 256);
    private static final int CONVERSATIONS = Integer.getInteger("bench.conversations", 16);
    private static final int CONTENT_BYTES = Integer.getInteger("bench.contentBytes", 100);
    private static final String HEAP = System.getProperty("bench.connectorHeap", "384m");
    private static final int[] CONNECTIONS = Arrays.stream(System.getProperty("bench.connections", "1,100").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();

    private record Row(int connections, Throughput raw, Throughput connector) {
    }

    private UplinkBench() {
    }

    public static void main(String[] args) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String kafka = TestInfra.kafkaBootstrapServers();
        String topic = "bench.uplink." + run;
        BenchTopics.create(kafka, topic, topic + ".raw");
        String content = "x".repeat(CONTENT_BYTES);
        List<Row> rows = new ArrayList<>();
        // one-to-one sends only: message-service is never asked, so nothing listens at message-url
        try (ConnectorProcess connector = ConnectorProcess.start("uplink", HEAP, kafka, topic,
                "http://127.0.0.1:" + ConnectorProcess.freePort(), List.of(
                        "--pigeon.connector.uplink.rate-per-second=10000000",
                        "--pigeon.connector.uplink.burst=10000000"))) {
            // both JVMs compile their hot paths before the first row, whichever row comes first
            List<String> warm = uids("w" + run, Arrays.stream(CONNECTIONS).max().orElse(1));
            rawProducer(kafka, topic + ".raw", warm, content, WARMUP);
            viaConnector(connector, warm, content, WARMUP);
            for (int connections : CONNECTIONS) {
                List<String> uids = uids(run, connections);
                Throughput raw = rawProducer(kafka, topic + ".raw", uids, content, SECONDS);
                Throughput viaConnector = viaConnector(connector, uids, content, SECONDS);
                rows.add(new Row(connections, raw, viaConnector));
            }
        }
        report(rows);
        System.exit(0);
    }

    private static List<String> uids(String run, int connections) {
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            uids.add("u" + run + "c" + connections + "-" + i);
        }
        return uids;
    }

    /** The conversations a sender writes to, in turn: one-to-one with {@link #CONVERSATIONS} peers. */
    private static List<String> conversations(String uid) {
        List<String> conversations = new ArrayList<>();
        for (int k = 0; k < CONVERSATIONS; k++) {
            conversations.add(ConversationId.direct(uid, "peer" + k + "-" + uid).value());
        }
        return conversations;
    }

    private static Throughput viaConnector(ConnectorProcess connector, List<String> uids, String content,
            int seconds) throws Exception {
        Throughput meter = new Throughput(List.of(connector.handle(), ProcessHandle.current()));
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<UplinkConnection>> opening = new ArrayList<>();
        for (String uid : uids) {
            opening.add(UplinkConnection.open(http, connector.webSocketUri(), uid, conversations(uid), content, WINDOW,
                    meter));
        }
        List<UplinkConnection> connections = opening.stream().map(CompletableFuture::join).toList();
        connections.forEach(UplinkConnection::start);
        measure(meter, seconds);
        for (UplinkConnection c : connections) {
            c.stop();
        }
        CompletableFuture.allOf(connections.stream().map(UplinkConnection::close).toArray(CompletableFuture[]::new))
                .join();
        return meter;
    }

    /** The connector's producer settings (application.yml), one producer for every sender, as the connector has. */
    private static Throughput rawProducer(String kafka, String topic, List<String> uids, String content,
            int seconds) throws Exception {
        Throughput meter = new Throughput(List.of(ProcessHandle.current()));
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5, ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        List<List<String>> conversations = uids.stream().map(UplinkBench::conversations).toList();
        int threads = Math.min(uids.size(), 4);
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            RawProducerLoad load = new RawProducerLoad(producer, topic, uids, conversations, content,
                    uids.size() * WINDOW, meter);
            for (int t = 0; t < threads; t++) {
                senders.submit(load);
            }
            measure(meter, seconds);
            senders.shutdownNow();
            senders.awaitTermination(10, TimeUnit.SECONDS);
            producer.flush();
        }
        return meter;
    }

    private static void measure(Throughput meter, int seconds) throws InterruptedException {
        TimeUnit.SECONDS.sleep(WARMUP);
        meter.begin();
        TimeUnit.SECONDS.sleep(seconds);
        meter.end();
    }

    private static void report(List<Row> rows) {
        System.out.println();
        System.out.printf(Locale.ROOT, "=== uplink acceptance: window %d sends per connection, %d conversations per "
                        + "sender, content %d bytes, %d s measured after %d s warm-up (each side warmed up once "
                        + "before the first row), connector -Xmx%s, load %.1f%n",
                WINDOW, CONVERSATIONS, CONTENT_BYTES, SECONDS, WARMUP, HEAP,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| connections | in flight | raw KafkaProducer records/s | raw p50 / p99 "
                + "| connector sends/s answered (send_ack) | send→send_ack p50 / p99 | connector ÷ raw "
                + "| connector CPU per send | cores busy: connector / bench JVM (raw run) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %d | %,d | %,.0f | %s | %,.0f | %s | **%.2f** | %.0f µs | %.2f / %.2f "
                            + "(%.2f) |%n", r.connections(), r.connections() * WINDOW, r.raw().perSecond(),
                    r.raw().latencies().p50p99(), r.connector().perSecond(), r.connector().latencies().p50p99(),
                    r.connector().perSecond() / r.raw().perSecond(), r.connector().cpuMicrosEach(0),
                    r.connector().cores(0), r.connector().cores(1), r.raw().cores(0));
        }
        long failures = rows.stream().mapToLong(r -> r.raw().failures() + r.connector().failures()).sum();
        System.out.println("refused or failed sends: " + failures + ", undecodable frames: "
                + LoadSocket.UNDECODABLE.get());
    }
}
