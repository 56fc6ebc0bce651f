package io.pigeonim.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A redis-server process of one test, on a free port, with nothing on disk: a test may flush,
 * kill and restart it without touching the shared Redis.
 *
 * <p>Needs {@code redis-server} on the PATH (or {@code PIGEON_TEST_REDIS_SERVER}), with Docker or without.
 */
public final class PrivateRedis implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final int port;
    private final Path dir;
    private volatile Process process;

    private PrivateRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts a new server on a free port and waits until it answers PING. */
    public static PrivateRedis start() {
        try {
            PrivateRedis redis = new PrivateRedis(FreePorts.find(), Files.createTempDirectory("pigeon-redis-"));
            redis.launch();
            return redis;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a private redis-server", e);
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** Points {@code spring.data.redis.*} at this server. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", this::host);
        registry.add("spring.data.redis.port", this::port);
    }

    /** {@code FLUSHALL}: every key is gone, the process (and its run id) stays. */
    public void flushAll() {
        String reply = command("FLUSHALL");
        if (!reply.startsWith("+OK")) {
            throw new IllegalStateException("FLUSHALL on port " + port + ": " + reply);
        }
    }

    /** Kills the process (SIGKILL, a crash) and waits for it to end. */
    public void kill() {
        killAndWait(process);
    }

    /** Kills the process and starts a new, empty one on the same port (a new run id). */
    public void restart() {
        kill();
        launch();
    }

    /** Whether the process runs. */
    public boolean running() {
        return alive(process);
    }

    /** Sends one inline command and returns the first line of the reply (e.g. {@code +PONG}). */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readLine(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("redis on port " + port + ": " + inline + " failed", e);
        }
    }

    /** {@code INFO <section>}: the whole bulk reply, e.g. to read {@code run_id} or {@code master_link_status}. */
    public String info(String section) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("INFO " + section + "\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String header = readLine(in);
            if (!header.startsWith("$")) {
                throw new IllegalStateException("INFO " + section + " on port " + port + ": " + header);
            }
            return new String(in.readNBytes(Integer.parseInt(header.substring(1))), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("redis on port " + port + ": INFO failed", e);
        }
    }

    /** Makes this server a replica of {@code master} and waits until the initial sync is done. */
    public void replicate(PrivateRedis master) {
        command("REPLICAOF " + master.host() + " " + master.port());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!info("replication").contains("master_link_status:up")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replica on port " + port + " did not sync within 10 s");
            }
            sleep(20);
        }
    }

    /** {@code REPLICAOF NO ONE}: this replica becomes a master with the data it has (a failover). */
    public void promote() {
        command("REPLICAOF NO ONE");
    }

    @Override
    public void close() {
        kill();
    }

    private void launch() {
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    env("PIGEON_TEST_REDIS_SERVER", "redis-server"),
                    "--bind", HOST, "--port", Integer.toString(port),
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile());
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-server (is it installed?)", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited, see " + dir.resolve("redis.log"));
            }
            try {
                if (command("PING").startsWith("+PONG")) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                sleep(20);
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " not ready after 10 s");
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** SIGKILL (a crash) and waits for the process to end; nothing if it does not run. */
    static void killAndWait(Process p) {
        if (alive(p)) {
            p.destroyForcibly();
            waitFor(p);
        }
    }

    static boolean alive(Process p) {
        return p != null && p.isAlive();
    }

    static void waitFor(Process p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Free TCP ports on the loopback interface. */
    static final class FreePorts {
        private FreePorts() {
        }

        static int find() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            }
        }
    }
}
