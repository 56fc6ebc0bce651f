package io.pigeonim.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) in a JVM process of its own,
 * on free ports with its own data directory: a test may kill it (SIGKILL, a crash), stop it and
 * start it again without touching the shared broker. Data survives {@link #kill()} +
 * {@link #restart()} (the broker recovers its log), like a real outage.
 *
 * <p>The broker runs {@code kafka.Kafka} from the test JVM's own classpath (spring-kafka-test brings
 * the server jars), or from {@code PIGEON_TEST_KAFKA_CLASSPATH} (e.g. {@code deploy/.local/kafka/libs/*}).
 * Topics are not created on first use ({@code auto.create.topics.enable=false}, as in production):
 * create them with {@link #createTopic}.
 *
 * @implNote An in-process broker (spring-kafka-test's) was rejected: it cannot be SIGKILLed, and a
 *     "stopped" in-process broker shuts down cleanly, which is not the outage under test. The child
 *     process halts when its stdin closes, so a test JVM that dies without cleaning up leaves no
 *     broker behind.
 */
public final class PrivateKafka implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final int port;
    private final int controllerPort;
    private final Path dir;
    private volatile Process process;

    private PrivateKafka(int port, int controllerPort, Path dir) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dir = dir;
    }

    /** Formats a fresh data directory and starts a broker on free ports (about 5-10 s); waits until it answers. */
    public static PrivateKafka start() {
        try {
            PrivateKafka kafka = new PrivateKafka(PrivateRedis.FreePorts.find(), PrivateRedis.FreePorts.find(),
                    Files.createTempDirectory("pigeon-kafka-"));
            BrokerProcess.writeFiles(kafka.dir, HOST, kafka.port, kafka.controllerPort);
            BrokerProcess.format(kafka.dir);
            kafka.launch();
            return kafka;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a private Kafka broker", e);
        }
    }

    /** {@code 127.0.0.1:<port>}, the same across restarts. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** Points {@code spring.kafka.bootstrap-servers} at this broker. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", this::bootstrapServers);
    }

    /** The broker's stdout and stderr, across restarts (its own logging goes there when the classpath has any). */
    public Path logFile() {
        return dir.resolve("broker.log");
    }

    /** Kills the broker (SIGKILL, a crash: no controlled shutdown, no flush) and waits for the process to end. */
    public void kill() {
        PrivateRedis.killAndWait(process);
    }

    /** Stops the broker gracefully (SIGTERM: controlled shutdown), killing it if it takes over 30 s. */
    public void stop() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    /**
     * Starts the broker again on the same ports and data directory (killing it first if it still runs)
     * and waits until it answers and every partition has a leader.
     */
    public void restart() {
        kill();
        launch();
    }

    public boolean running() {
        return PrivateRedis.alive(process);
    }

    /** Creates a topic with replication 1 (nothing if it exists) and waits until each partition has a leader. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + " on " + bootstrapServers(), e);
                }
            }
            awaitLeaders(admin, Set.of(name), System.nanoTime() + Duration.ofSeconds(30).toNanos());
        } catch (Exception e) {
            throw failure("create topic " + name, e);
        }
    }

    /** An admin client of this broker with short timeouts; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
    }

    /** Kills the broker and deletes its data directory. */
    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp directory left behind is not worth failing a test for
        }
    }

    private void launch() {
        try {
            process = new ProcessBuilder(BrokerProcess.command(dir))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run java for the Kafka broker", e);
        }
        awaitReady();
    }

    /** Ready: the broker port accepts, the cluster answers a metadata call and every partition has a leader. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!portOpen()) {
            checkAlive(deadline);
            PrivateRedis.sleep(50);
        }
        try (Admin admin = admin()) {
            while (true) {
                checkAlive(deadline);
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        break;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    PrivateRedis.sleep(100);
                }
            }
            awaitLeaders(admin, admin.listTopics().names().get(10, TimeUnit.SECONDS), deadline);
        } catch (Exception e) {
            throw failure("wait for readiness", e);
        }
    }

    private void awaitLeaders(Admin admin, Set<String> topics, long deadline) throws InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        while (true) {
            checkAlive(deadline);
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                        .get(5, TimeUnit.SECONDS);
                if (described.values().stream().flatMap(t -> t.partitions().stream())
                        .allMatch(p -> p.leader() != null && p.leader().id() >= 0)) {
                    return;
                }
            } catch (ExecutionException | TimeoutException notYet) {
                // unknown topic or leader not elected yet
            }
            PrivateRedis.sleep(100);
        }
    }

    private void checkAlive(long deadline) {
        if (!running()) {
            throw new IllegalStateException("Kafka broker on port " + port + " exited, see " + logFile());
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Kafka broker on port " + port + " not ready after "
                    + READY_TIMEOUT.toSeconds() + " s, see " + logFile());
        }
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private IllegalStateException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (e instanceof IllegalStateException ise) {
            return ise;
        }
        return new IllegalStateException("Kafka broker on port " + port + ": cannot " + what + ", see " + logFile(), e);
    }
}
