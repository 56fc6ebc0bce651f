package io.pigeonim.connector.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.pigeonim.testsupport.TestInfra;

/**
 * Idle connections (issue 5): heap (after full GCs) and RSS of one connector-service instance (its own JVM) before and
 * after opening {@code bench.connections} WebSocket connections that each answered a first ping, per connection. The
 * baseline in the same run is the client side of the same connections: this JVM's heap and RSS per connection (the
 * JDK WebSocket client). Usage: {@code connector-service/bench/run.sh idle [-Dbench.connections=10000]
 * [-Dbench.connectorHeap=3g]}.
 */
public final class IdleConnectionsBench {

    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 10_000);
    private static final int WARMUP_CONNECTIONS = 200;
    private static final int OPENING = Integer.getInteger("bench.opening", 200);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final int HISTOGRAM_ROWS = Integer.getInteger("bench.histogramRows", 30);
    /** Tomcat gives every WebSocket session about 200 KB of buffers, so 10,000 need more than the runner's 384m. */
    private static final String HEAP = System.getProperty("bench.connectorHeap", "3g");

    /** Memory of one side at one moment. */
    private record Memory(long heap, long rss) {
    }

    private IdleConnectionsBench() {
    }

    public static void main(String[] args) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String kafka = TestInfra.kafkaBootstrapServers();
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(HttpClient.newHttpClient());
        }
        List<String> settings = List.of(
                // Tomcat's default (8192) would queue the rest in the accept backlog
                "--server.tomcat.max-connections=" + (CONNECTIONS + WARMUP_CONNECTIONS + 100),
                // no client pings during the run: keep the idle sweeper from closing them
                "--pigeon.connector.ws.idle-timeout=30m");
        try (ConnectorProcess connector = ConnectorProcess.start("idle", HEAP, kafka, "bench.idle." + run,
                "http://127.0.0.1:" + ConnectorProcess.freePort(), settings)) {
            // first use loads the WebSocket classes and warms the code: not a cost per connection
            closeAll(open(connector, clients, "w" + run, WARMUP_CONNECTIONS));
            TimeUnit.SECONDS.sleep(2);
            Memory serverBefore = new Memory(connector.heapUsedAfterGc(), connector.rssBytes());
            ClassHistogram histogramBefore = ClassHistogram.parse(connector.classHistogram());
            Memory clientBefore = ownMemory();
            long start = System.nanoTime();
            List<Device> devices = open(connector, clients, "i" + run, CONNECTIONS);
            double openSeconds = (System.nanoTime() - start) / 1e9;
            double open = connector.metric("pigeon_connector_connections");
            TimeUnit.SECONDS.sleep(2);
            Memory serverAfter = new Memory(connector.heapUsedAfterGc(), connector.rssBytes());
            Memory clientAfter = ownMemory();
            long closedEarly = devices.stream().filter(Device::isClosed).count();
            ClassHistogram histogramAfter = ClassHistogram.parse(connector.classHistogram());
            report(serverBefore, serverAfter, clientBefore, clientAfter, openSeconds, open, closedEarly);
            System.out.println("what the connections added to the connector's live objects (jcmd GC.class_histogram "
                    + "before and after):");
            System.out.print(histogramAfter.growthSince(histogramBefore, CONNECTIONS, HISTOGRAM_ROWS));
        }
        // stopping the instance closed the connections (1012) and removed their routes
        System.exit(0);
    }

    /** Opens {@code n} connections, {@link #OPENING} at a time, each its own uid; returns once all answered a ping. */
    private static List<Device> open(ConnectorProcess connector, List<HttpClient> clients, String prefix, int n)
            throws InterruptedException {
        Semaphore opening = new Semaphore(OPENING);
        List<CompletableFuture<Device>> devices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            opening.acquire();
            HttpClient client = clients.get(i % clients.size());
            Device.Frames ignored = (device, frame, nanos) -> {
            };
            devices.add(Device.connect(client, connector.webSocketUri(), prefix + "-" + i, "d1", ignored)
                    .whenComplete((device, failure) -> opening.release()));
        }
        return devices.stream().map(CompletableFuture::join).toList();
    }

    private static void closeAll(List<Device> devices) {
        CompletableFuture.allOf(devices.stream().map(Device::close).toArray(CompletableFuture[]::new)).join();
    }

    /** This JVM's heap after full GCs, and its RSS. */
    private static Memory ownMemory() throws IOException {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return new Memory(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                ConnectorProcess.rssBytes(ProcessHandle.current().pid()));
    }

    private static void report(Memory serverBefore, Memory serverAfter, Memory clientBefore, Memory clientAfter,
            double openSeconds, double open, long closedEarly) {
        double serverHeap = (serverAfter.heap() - serverBefore.heap()) / (double) CONNECTIONS;
        double serverRss = (serverAfter.rss() - serverBefore.rss()) / (double) CONNECTIONS;
        double clientHeap = (clientAfter.heap() - clientBefore.heap()) / (double) CONNECTIONS;
        double clientRss = (clientAfter.rss() - clientBefore.rss()) / (double) CONNECTIONS;
        System.out.println();
        System.out.printf(Locale.ROOT, "=== idle connections: %,d opened in %.1f s (%,.0f/s, %d at a time over %d JDK "
                        + "HttpClients), connector reports %,.0f open, %d closed early, connector -Xmx%s, load %.1f%n",
                CONNECTIONS, openSeconds, CONNECTIONS / openSeconds, OPENING, CLIENTS, open, closedEarly, HEAP,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| side | heap after GC before → after | RSS before → after | heap per connection | "
                + "RSS per connection |");
        System.out.println("|---|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| connector-service | %s → %s | %s → %s | **%,.0f bytes** | **%,.0f bytes** "
                        + "|%n",
                mb(serverBefore.heap()), mb(serverAfter.heap()), mb(serverBefore.rss()), mb(serverAfter.rss()),
                serverHeap, serverRss);
        System.out.printf(Locale.ROOT, "| JDK WebSocket client (baseline, this JVM) | %s → %s | %s → %s | %,.0f bytes "
                        + "| %,.0f bytes |%n", mb(clientBefore.heap()), mb(clientAfter.heap()), mb(clientBefore.rss()),
                mb(clientAfter.rss()), clientHeap, clientRss);
        System.out.printf(Locale.ROOT, "connector ÷ client per connection: heap %.1f, RSS %.1f%n",
                serverHeap / clientHeap, serverRss / clientRss);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
    }
}
