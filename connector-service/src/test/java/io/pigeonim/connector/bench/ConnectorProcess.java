package io.pigeonim.connector.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pigeonim.testsupport.TestInfra;

/**
 * One connector-service instance in a JVM of its own, started from the built jar on a free port with its settings
 * as command-line arguments, logging to {@code connector-service/target/bench/<name>.log}. Closing it sends SIGTERM
 * (graceful shutdown: connections closed with 1012, routes and the liveness key removed).
 */
final class ConnectorProcess implements AutoCloseable {

    /** The local runner's ports (PROTOCOL.md §6): another session may use them, a benchmark never does. */
    private static final Set<Integer> RESERVED = Set.of(8080, 8081, 8082, 8083, 8084, 9092, 9093);
    private static final Path JAR = Path.of(System.getProperty("bench.jar",
            "connector-service/target/connector-service-0.1.0-SNAPSHOT.jar"));
    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private final String name;
    private final int port;
    private final int managementPort;
    private final Process process;

    private ConnectorProcess(String name, int port, int managementPort, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
    }

    /**
     * Starts an instance and waits until it is ready.
     *
     * @param heap the {@code -Xmx} value (the local runner uses 384m)
     * @param settings extra {@code --name=value} arguments
     */
    static ConnectorProcess start(String name, String heap, String kafka, String uplinkTopic, String messageUrl,
            List<String> settings) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("no jar at " + JAR.toAbsolutePath()
                    + " (run connector-service/bench/run.sh)");
        }
        int port = freePort();
        int managementPort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Dpigeon.process=bench-" + name,
                "-Dpigeon.development-mode=true",
                "-jar", JAR.toString(),
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--pigeon.connector.advertised-url=http://127.0.0.1:" + port,
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--spring.data.redis.host=" + TestInfra.redisHost(),
                "--spring.data.redis.port=" + TestInfra.redisPort(),
                "--pigeon.connector.uplink-topic=" + uplinkTopic,
                "--pigeon.connector.message-url=" + messageUrl,
                // routes left behind by a killed benchmark expire soon, not after a day
                "--pigeon.connector.route.ttl=10m",
                "--logging.level.org.apache.kafka=WARN"));
        command.addAll(settings);
        Path log = Path.of("connector-service/target/bench", name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ConnectorProcess connector = new ConnectorProcess(name, port, managementPort, process);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-" + name));
        connector.awaitReady(log);
        return connector;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the probes and {@code /actuator/prometheus} answer. */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** The sum of every series of a meter in {@code /actuator/prometheus}, e.g. {@code pigeon_connector_acks_total}. */
    double metric(String name) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String text = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Resident set size of the process, bytes (Linux {@code /proc}). */
    long rssBytes() throws IOException {
        return rssBytes(pid());
    }

    /** Resident set size of any process, bytes (Linux {@code /proc}). */
    static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    /** Heap used after two full GCs ({@code jcmd GC.run}, then {@code GC.heap_info}), bytes. */
    long heapUsedAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        jcmd("GC.run");
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("GC.heap_info of " + name + " unreadable");
        }
        return Long.parseLong(m.group(2)) * 1024;
    }

    /** {@code jcmd GC.class_histogram}: the live objects by class (after a full GC), largest first. */
    String classHistogram() throws IOException, InterruptedException {
        return jcmd("GC.class_histogram");
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    private void awaitReady(Path log) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up, see " + log);
            }
            try {
                HttpResponse<String> answer = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("UP")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " not ready within 120 s, see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** A free port, never one of the runner's. */
    static int freePort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (!RESERVED.contains(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port");
    }
}
